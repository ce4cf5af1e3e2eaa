package io.daca.chatagent.chat;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try again after {@code failures} failed attempts in a row: the first retry after
 * {@code first}, each next one twice as late, never later than {@code max}.
 */
public record RetryBackoff(Duration first, Duration max) {

    public RetryBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + ", " + max);
        }
    }

    public Duration delayAfter(int failures) {
        if (failures <= 1) {
            return first;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    public Instant nextAttempt(Instant now, int failures) {
        return now.plus(delayAfter(failures));
    }
}
