package io.daca.chatagent.it.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition every 200 ms until it holds or the time is up. */
public final class Wait {

    private Wait() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)}; on a timeout the message ends with
     * {@code lastSeen}, what the condition saw the last time.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                String seen = lastSeen.get();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (seen.isEmpty() ? "" : "; last seen: " + seen));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }
}
