package io.daca.chatagent.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActiveActorsTest {

    @Test
    void countsActiveActorsByPartition() {
        HashPartitioner partitioner = new HashPartitioner(10);
        ActiveActors active = new ActiveActors(partitioner);
        active.activated("user1");   // partition 5
        active.activated("user2");   // partition 2
        active.activated("bob");     // partition 2
        active.activated("user1");
        active.deactivated("bob");
        assertEquals(2, active.count());
        assertEquals(Map.of(5, 1, 2, 1), active.byPartition());
    }
}
