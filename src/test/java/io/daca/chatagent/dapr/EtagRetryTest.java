package io.daca.chatagent.dapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EtagRetryTest {

    /** One key in memory with a version as its ETag, which other writers may bump between a read and a write. */
    private static final class Key {
        long value;
        int version;
        int racesToLose;
        int writes;

        EtagRetry.Read<Long> read() {
            return version == 0 ? new EtagRetry.Read<>(null, null) : new EtagRetry.Read<>(value, Integer.toString(version));
        }

        boolean write(long newValue, String etag) {
            if (racesToLose > 0) {
                racesToLose--;
                value += 100;   // someone else's write
                version++;
                return false;
            }
            if (!Integer.toString(version).equals(etag) && !(version == 0 && etag == null)) {
                return false;
            }
            value = newValue;
            version++;
            writes++;
            return true;
        }
    }

    private final List<Long> pauses = new ArrayList<>();
    private final EtagRetry retry = new EtagRetry(4, pauses::add);

    @Test
    void writesTheChangeOfTheCurrentValue() {
        Key key = new Key();
        EtagRetry.Result<Long> result = retry.update(key::read, 0L, v -> v + 1, key::write, "count");
        assertEquals(new EtagRetry.Result<>(1L, true), result);
        assertEquals(1, key.value);
        assertTrue(pauses.isEmpty());
    }

    @Test
    void aLostRaceIsRetriedOnTheNewValueAfterAPause() {
        Key key = new Key();
        key.racesToLose = 2;
        EtagRetry.Result<Long> result = retry.update(key::read, 0L, v -> v + 1, key::write, "count");
        assertEquals(201, result.value());
        assertEquals(201, key.value);
        assertEquals(1, key.writes);
        assertEquals(2, pauses.size());
        pauses.forEach(pause -> assertTrue(pause >= 2 && pause < 100, "pause " + pause));
    }

    @Test
    void givesUpAfterMaxAttemptsLostRaces() {
        Key key = new Key();
        key.racesToLose = 10;
        EtagRetry.ConflictsPersist error = assertThrows(EtagRetry.ConflictsPersist.class,
                () -> retry.update(key::read, 0L, v -> v + 1, key::write, "count"));
        assertTrue(error.getMessage().contains("lost 4"), error.getMessage());
        assertEquals(3, pauses.size());
        assertEquals(0, key.writes);
    }

    @Test
    void aChangeAnsweringNullWritesNothing() {
        Key key = new Key();
        key.value = 7;
        key.version = 1;
        EtagRetry.Result<Long> result = retry.update(key::read, 0L, v -> null, key::write, "duplicate");
        assertEquals(new EtagRetry.Result<>(7L, false), result);
        assertEquals(0, key.writes);
    }

    @Test
    void anOutageIsNotRetried() {
        AtomicInteger reads = new AtomicInteger();
        RuntimeException outage = new IllegalStateException("store down");
        assertThrows(IllegalStateException.class, () -> retry.update(() -> {
            reads.incrementAndGet();
            return new EtagRetry.Read<>(1L, "1");
        }, 0L, v -> v + 1, (value, etag) -> {
            throw outage;
        }, "count"));
        assertEquals(1, reads.get());
        assertFalse(pauses.iterator().hasNext());
    }
}
