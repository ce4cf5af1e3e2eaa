package io.daca.chatagent.analytics;

import io.daca.chatagent.config.ServiceSettings;
import io.daca.chatagent.events.ReceivedEvent;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Message counts in the Dapr state store, updated with ETag optimistic concurrency.
 *
 * <p>Every write touches one key with the ETag that was read (first-write concurrency), because
 * only single-key writes are atomic on every store (Redis applies a multi-key transaction
 * operation by operation, without rollback). The user's counter is the truth: it is updated first
 * and records which events were counted. The partition's counter then takes the user's absolute
 * count. If that second write fails, the event is answered RETRY; the redelivery finds the event
 * already counted and only brings the partition up to date, so nothing is lost or doubled.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final StateOptions FIRST_WRITE =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

    /** The store did not accept an update after all attempts; worth retrying later. */
    public static class AnalyticsUnavailableException extends RuntimeException {
        AnalyticsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public enum Outcome { COUNTED, DUPLICATE }

    @Inject
    DaprClient dapr;

    @Inject
    ServiceSettings settings;

    @Inject
    HashPartitioner partitioner;

    String userKey(String userId) {
        return "analytics-" + settings.namespace() + "-user-" + userId;
    }

    String partitionKey(int partition) {
        return "analytics-" + settings.namespace() + "-partition-" + partition;
    }

    public Optional<UserCounter> user(String userId) {
        return Optional.ofNullable(read(userKey(userId), UserCounter.class).getValue());
    }

    public Outcome record(ReceivedEvent event) {
        return update(event.actorId(), current -> current.hasCounted(event) ? null : current.count(event),
                "count event of " + event.actorId());
    }

    public void initialize(String userId, long messageCount) {
        update(userId, current -> current.withMessageCount(messageCount), "initialize " + userId);
    }

    /** The counters of every partition, in partition order. */
    public List<PartitionCounter> partitions() {
        List<String> keys = IntStream.range(0, partitioner.partitionCount()).mapToObj(this::partitionKey).toList();
        List<State<PartitionCounter>> states = call(dapr.getBulkState(settings.analyticsStore(), keys, PartitionCounter.class),
                "read partition counters");
        List<PartitionCounter> counters = new ArrayList<>();
        for (String key : keys) {
            counters.add(states.stream().filter(s -> key.equals(s.getKey()) && s.getValue() != null)
                    .map(State::getValue).findFirst().orElse(PartitionCounter.empty()));
        }
        return counters;
    }

    /**
     * Applies {@code change} to the user's counter ({@code null} from it means nothing to change,
     * e.g. a duplicate), then makes the partition's counter agree with the user's.
     */
    private Outcome update(String userId, UnaryOperator<UserCounter> change, String what) {
        String userKey = userKey(userId);
        Outcome outcome = null;
        UserCounter counter = null;
        for (int attempt = 1; outcome == null; attempt++) {
            State<UserCounter> user = read(userKey, UserCounter.class);
            UserCounter before = user.getValue() != null ? user.getValue() : UserCounter.empty();
            UserCounter after = change.apply(before);
            if (after == null) {
                outcome = Outcome.DUPLICATE;
                counter = before;
            } else if (write(userKey, after, user.getEtag(), attempt, what)) {
                outcome = Outcome.COUNTED;
                counter = after;
            }
        }
        // The partition is read before the user, on every attempt: a concurrent update of the same
        // user that lands in between either changed the partition too (our write then fails on the
        // ETag and we retry) or is already visible in the user we read. So the partition ends up
        // holding the user's newest count, never an older one.
        String partitionKey = partitionKey(partitioner.partitionOf(userId));
        for (int attempt = 1; ; attempt++) {
            State<PartitionCounter> partition = read(partitionKey, PartitionCounter.class);
            PartitionCounter totals = partition.getValue() != null ? partition.getValue() : PartitionCounter.empty();
            UserCounter latest = read(userKey, UserCounter.class).getValue();
            long count = latest != null ? latest.messageCount() : counter.messageCount();
            if (totals.agreesWith(userId, count)
                    || write(partitionKey, totals.with(userId, count), partition.getEtag(), attempt, what)) {
                return outcome;
            }
        }
    }

    /** One single-key write with the ETag read before; false when someone else wrote first. */
    private boolean write(String key, Object value, String etag, int attempt, String what) {
        try {
            call(dapr.saveState(settings.analyticsStore(), key, etag == null || etag.isEmpty() ? null : etag, value,
                    FIRST_WRITE), what);
            return true;
        } catch (AnalyticsUnavailableException conflict) {
            // Most often an ETag mismatch: a concurrent update of the same key won the race.
            if (attempt >= settings.analyticsMaxAttempts()) {
                LOG.warning(() -> "Giving up on '" + what + "' after " + attempt + " attempts: " + conflict.getMessage());
                throw conflict;
            }
            sleepBeforeRetry(attempt);
            return false;
        }
    }

    private <T> State<T> read(String key, Class<T> type) {
        return call(dapr.getState(settings.analyticsStore(), key, type), "read " + key);
    }

    private static <T> T call(reactor.core.publisher.Mono<T> call, String what) {
        try {
            return call.block(CALL_TIMEOUT);
        } catch (RuntimeException e) {
            throw new AnalyticsUnavailableException("state store call failed: " + what + ": " + e.getMessage(), e);
        }
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2, 10L * Math.min(attempt, 8) + 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsUnavailableException("interrupted", e);
        }
    }
}
