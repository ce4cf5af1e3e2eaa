package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionMembersTest {

    @Test
    void addingAMemberIsIdempotentAndKeepsTheListSorted() {
        PartitionMembers members = PartitionMembers.empty().with("user2").with("user10").with("user2");
        assertEquals(List.of("user10", "user2"), members.users());
        assertTrue(members.contains("user10"));
        assertFalse(members.contains("user3"));
    }

    @Test
    void aMissingListReadsAsNoMembers() {
        assertEquals(List.of(), new PartitionMembers(null).users());
    }
}
