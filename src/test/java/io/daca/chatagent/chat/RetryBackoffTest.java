package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void doublesUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(5), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(20), backoff.delayAfter(3));
        assertEquals(Duration.ofSeconds(40), backoff.delayAfter(4));
        assertEquals(Duration.ofMinutes(1), backoff.delayAfter(5));
        assertEquals(Duration.ofMinutes(1), backoff.delayAfter(1000));
    }

    @Test
    void nextAttemptIsThatMuchLater() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        assertEquals(now.plusSeconds(20), backoff.nextAttempt(now, 3));
    }

    @Test
    void refusesAMaximumBelowTheFirstDelay() {
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
