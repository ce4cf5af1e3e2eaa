package io.daca.chatagent.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HashPartitionerTest {

    @Test
    void matchesPythonsMd5ModuloN() {
        // Values from: int(hashlib.md5(id.encode()).hexdigest(), 16) % n
        HashPartitioner ten = new HashPartitioner(10);
        assertEquals(5, ten.partitionOf("user1"));
        assertEquals(2, ten.partitionOf("user2"));
        assertEquals(0, ten.partitionOf("alice"));
        assertEquals(2, ten.partitionOf("bob"));
        assertEquals(1, new HashPartitioner(3).partitionOf("user1"));
    }

    @Test
    void isStableAndInRange() {
        HashPartitioner partitioner = new HashPartitioner(7);
        for (int i = 0; i < 1000; i++) {
            int p = partitioner.partitionOf("user" + i);
            assertTrue(p >= 0 && p < 7);
            assertEquals(p, partitioner.partitionOf("user" + i));
        }
    }

    @Test
    void rejectsAnEmptyPartitionSpace() {
        assertThrows(IllegalArgumentException.class, () -> new HashPartitioner(0));
    }
}
