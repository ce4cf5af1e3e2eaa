package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingOutboxesTest {

    @Test
    void membersAreAddedOnceAndKeptSorted() {
        PendingOutboxes.Members members = PendingOutboxes.Members.none().with("u2").with("u1");
        assertEquals(List.of("u1", "u2"), members.actors());
        assertNull(members.with("u1"), "adding a member twice changes nothing");
    }

    @Test
    void membersAreRemovedOnce() {
        PendingOutboxes.Members members = PendingOutboxes.Members.none().with("u1").with("u2");
        assertEquals(List.of("u2"), members.without("u1").actors());
        assertNull(members.without("u3"), "removing a non-member changes nothing");
    }
}
