package io.daca.chatagent.dapr;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one key with the ETag that was read (first-write concurrency), repeated
 * while another writer wins the race, with a short jittered pause between attempts. Only a
 * conflict is repeated: an outage fails at once, since repeating it here would only hold up the
 * caller (Dapr redelivers the event later instead).
 */
public final class EtagRetry {

    /** A value as read, with its ETag; {@code value} is null when the key does not exist. */
    public record Read<T>(T value, String etag) {
    }

    /** Writes the value if the key still has the ETag; false when someone else wrote first. */
    @FunctionalInterface
    public interface ConditionalWrite<T> {
        boolean write(T value, String etag);
    }

    @FunctionalInterface
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    /** Every attempt lost its race; the key is too contended right now. */
    public static class ConflictsPersist extends RuntimeException {
        public ConflictsPersist(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The value stored after the update, and whether this update wrote it. */
    public record Result<T>(T value, boolean written) {
    }

    private final int maxAttempts;
    private final Pause pause;
    private final Runnable onConflict;

    public EtagRetry(int maxAttempts, Pause pause) {
        this(maxAttempts, pause, () -> { });
    }

    /** {@code onConflict} runs each time a write loses its race (a metric counts them). */
    public EtagRetry(int maxAttempts, Pause pause, Runnable onConflict) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.pause = pause;
        this.onConflict = onConflict;
    }

    /**
     * Applies {@code change} to the current value ({@code empty} when there is none); a change
     * answering null means nothing to write.
     *
     * @throws ConflictsPersist after {@code maxAttempts} lost races
     */
    public <T> Result<T> update(Supplier<Read<T>> read, T empty, UnaryOperator<T> change, ConditionalWrite<T> write,
                         String what) {
        for (int attempt = 1; ; attempt++) {
            Read<T> current = read.get();
            T before = current.value() != null ? current.value() : empty;
            T after = change.apply(before);
            if (after == null) {
                return new Result<>(before, false);
            }
            if (write.write(after, current.etag())) {
                return new Result<>(after, true);
            }
            lost(attempt, what);
        }
    }

    /**
     * Attempt {@code attempt} of {@code what} lost its race: counted, then a short jittered pause
     * before the next one.
     *
     * @throws ConflictsPersist when that was the last attempt
     */
    public void lost(int attempt, String what) {
        onConflict.run();
        if (attempt >= maxAttempts) {
            throw new ConflictsPersist("'" + what + "' lost " + attempt + " optimistic-concurrency races in a row", null);
        }
        pauseBefore(attempt + 1);
    }

    private void pauseBefore(int attempt) {
        try {
            pause.sleep(ThreadLocalRandom.current().nextLong(2, 10L * Math.min(attempt, 8) + 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictsPersist("interrupted", e);
        }
    }
}
