package io.daca.chatagent.analytics;

import io.daca.chatagent.config.ServiceSettings;
import io.daca.chatagent.events.ReceivedEvent;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Message counts in the Dapr state store. Every update is a read, then one state transaction that
 * writes the user's counter and its partition's counter together with the ETags that were read
 * (first-write concurrency): a concurrent writer makes the transaction fail and the update is
 * retried on fresh values, so no count is lost or doubled and the partition totals always agree
 * with the users'.
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

    private HashPartitioner partitioner;

    @PostConstruct
    void init() {
        partitioner = new HashPartitioner(settings.partitionCount());
    }

    public HashPartitioner partitioner() {
        return partitioner;
    }

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
        List<State<PartitionCounter>> states = call(dapr.getBulkState(settings.stateStore(), keys, PartitionCounter.class),
                "read partition counters");
        List<PartitionCounter> counters = new ArrayList<>();
        for (String key : keys) {
            counters.add(states.stream().filter(s -> key.equals(s.getKey()) && s.getValue() != null)
                    .map(State::getValue).findFirst().orElse(PartitionCounter.empty()));
        }
        return counters;
    }

    /**
     * Applies {@code change} to the user's counter and the partition's totals atomically.
     * {@code change} returns null when there is nothing to write (a duplicate event).
     */
    private Outcome update(String userId, java.util.function.UnaryOperator<UserCounter> change, String what) {
        String userKey = userKey(userId);
        String partitionKey = partitionKey(partitioner.partitionOf(userId));
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.analyticsMaxAttempts(); attempt++) {
            State<UserCounter> user = read(userKey, UserCounter.class);
            UserCounter before = user.getValue() != null ? user.getValue() : UserCounter.empty();
            UserCounter after = change.apply(before);
            if (after == null) {
                return Outcome.DUPLICATE;
            }
            State<PartitionCounter> partition = read(partitionKey, PartitionCounter.class);
            PartitionCounter totals = partition.getValue() != null ? partition.getValue() : PartitionCounter.empty();
            PartitionCounter updated = totals.plus(user.getValue() == null ? 1 : 0,
                    after.messageCount() - before.messageCount());
            try {
                call(dapr.executeStateTransaction(settings.stateStore(), List.of(
                        upsert(userKey, after, user.getEtag()),
                        upsert(partitionKey, updated, partition.getEtag()))), what);
                return Outcome.COUNTED;
            } catch (RuntimeException conflict) {
                // Most often an ETag mismatch: someone else updated one of the two keys first.
                last = conflict;
                sleepBeforeRetry(attempt);
            }
        }
        LOG.warning(() -> "Giving up on '" + what + "' after " + settings.analyticsMaxAttempts() + " attempts");
        throw new AnalyticsUnavailableException("could not " + what + " after " + settings.analyticsMaxAttempts()
                + " attempts", last);
    }

    private static <T> TransactionalStateOperation<T> upsert(String key, T value, String etag) {
        String expected = etag == null || etag.isEmpty() ? null : etag;
        return new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
                new State<>(key, value, expected, FIRST_WRITE));
    }

    private <T> State<T> read(String key, Class<T> type) {
        return call(dapr.getState(settings.stateStore(), key, type), "read " + key);
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
