package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTotalsTest {

    private static final List<TotalsDelta> UNSENT = List.of(new TotalsDelta(1, 1, 3), new TotalsDelta(2, 0, 2));

    @Test
    void takesTheOpsItHasNotTakenOnceAndNotesTheLast() {
        ShardTotals taken = ShardTotals.empty().taking("alice", UNSENT);
        assertEquals(new ShardTotals(1, 5, Map.of("alice", 2L)), taken);
        assertNull(taken.taking("alice", UNSENT));
        ShardTotals onlyFirst = ShardTotals.empty().taking("alice", UNSENT.subList(0, 1));
        assertEquals(new ShardTotals(1, 5, Map.of("alice", 2L)), onlyFirst.taking("alice", UNSENT));
        assertEquals(new ShardTotals(2, 6, Map.of("alice", 2L, "bob", 1L)),
                taken.taking("bob", List.of(new TotalsDelta(1, 1, 1))));
    }

    @Test
    void forgetsANoteOnlyWhileItNamesTheOpSent() {
        ShardTotals taken = ShardTotals.empty().taking("alice", UNSENT);
        assertEquals(new ShardTotals(1, 5, Map.of()), taken.forgetting("alice", 2));
        assertNull(taken.forgetting("alice", 1));
        assertNull(taken.forgetting("bob", 1));
        assertNull(taken.forgetting("alice", 0));
    }

    @Test
    void storedWithoutNotesAsTwoNumbers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"users\":3,\"messages\":9}", json.writeValueAsString(new ShardTotals(3, 9, null)));
        ShardTotals noted = new ShardTotals(1, 5, Map.of("alice", 2L));
        assertEquals(noted, json.readValue(json.writeValueAsString(noted), ShardTotals.class));
    }

    @Test
    void shardsAreStableInRangeAndSpread() {
        assertEquals(ShardTotals.shardOf("user1", 16), ShardTotals.shardOf("user1", 16));
        Set<Integer> seen = new HashSet<>();
        for (int u = 0; u < 1000; u++) {
            int shard = ShardTotals.shardOf("user" + u, 16);
            assertTrue(shard >= 0 && shard < 16);
            seen.add(shard);
        }
        assertEquals(16, seen.size());
        // CRC-32 of "123456789" is 0xCBF43926 (its check value): the hash is the standard one.
        assertEquals((int) (0xCBF43926L % 16), ShardTotals.shardOf("123456789", 16));
    }
}
