package io.daca.chatagent.analytics;

import io.daca.chatagent.config.AnalyticsSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.DaprFailures;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Message counts in the Dapr state store, updated with ETag optimistic concurrency.
 *
 * <p>Every write touches one key with the ETag that was read (first-write concurrency), because
 * only single-key writes are atomic on every store (Redis applies a multi-key transaction
 * operation by operation, without rollback). The user's counter is the truth: it holds the count
 * and records which events were counted, so an event costs one read and one write of the user's
 * own key. A user seen for the first time is also added to its partition's members; the counter
 * notes that afterwards, so a failure in between is repaired by the redelivery (answered RETRY),
 * which finds the event counted and only completes the membership. Partition totals are summed
 * from the members' counters when asked for, so no event writes a key shared with other users.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int BULK_READ_BATCH = 500;
    private static final StateOptions FIRST_WRITE =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

    /** The store did not accept an update after all attempts; worth retrying later. */
    public static class AnalyticsUnavailableException extends RuntimeException {
        AnalyticsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public enum Outcome { COUNTED, DUPLICATE }

    /** One partition's users and the sum of their message counts. */
    public record PartitionTotals(long users, long messages) {
    }

    @Inject
    DaprClient dapr;

    @Inject
    AnalyticsSettings settings;

    @Inject
    InstanceSettings instance;

    @Inject
    HashPartitioner partitioner;

    private EtagRetry retry;

    @PostConstruct
    void init() {
        retry = new EtagRetry(settings.maxAttempts(), Thread::sleep);
    }

    String userKey(String userId) {
        return "analytics-" + instance.namespace() + "-user-" + userId;
    }

    String partitionKey(int partition) {
        return "analytics-" + instance.namespace() + "-partition-" + partition;
    }

    public Optional<UserCounter> user(String userId) {
        return Optional.ofNullable(read(userKey(userId), UserCounter.class).value());
    }

    public Outcome record(CountableEvent event) {
        return update(event.userId(), current -> current.hasCounted(event) ? null : current.count(event),
                "count event of " + event.userId());
    }

    public void initialize(String userId, long messageCount) {
        update(userId, current -> current.withMessageCount(messageCount), "initialize " + userId);
    }

    /** Every partition's totals, in partition order. */
    public List<PartitionTotals> partitions() {
        List<String> keys = IntStream.range(0, partitioner.partitionCount()).mapToObj(this::partitionKey).toList();
        Map<String, PartitionMembers> members = readAll(keys, PartitionMembers.class);
        List<List<String>> usersByPartition = keys.stream()
                .map(key -> members.getOrDefault(key, PartitionMembers.empty()).users()).toList();
        // All partitions' counters in one batched read, not one round of reads per partition.
        Map<String, UserCounter> counters = readAll(
                usersByPartition.stream().flatMap(List::stream).map(this::userKey).toList(), UserCounter.class);
        return usersByPartition.stream().map(users -> new PartitionTotals(users.size(), users.stream()
                        .map(this::userKey).map(counters::get).filter(Objects::nonNull)
                        .mapToLong(UserCounter::messageCount).sum()))
                .toList();
    }

    /**
     * Applies {@code change} to the user's counter ({@code null} from it means nothing to change,
     * e.g. a duplicate), then makes sure the user is among its partition's members.
     */
    private Outcome update(String userId, UnaryOperator<UserCounter> change, String what) {
        String userKey = userKey(userId);
        EtagRetry.Result<UserCounter> result = retry.update(() -> read(userKey, UserCounter.class),
                UserCounter.empty(), change, (value, etag) -> write(userKey, value, etag, what), what);
        if (!result.value().inPartition()) {
            joinPartition(userId, userKey, what);
        }
        return result.written() ? Outcome.COUNTED : Outcome.DUPLICATE;
    }

    /** Lists the user among its partition's members, then notes that in the user's counter. */
    private void joinPartition(String userId, String userKey, String what) {
        String partitionKey = partitionKey(partitioner.partitionOf(userId));
        retry.update(() -> read(partitionKey, PartitionMembers.class), PartitionMembers.empty(),
                members -> members.contains(userId) ? null : members.with(userId),
                (value, etag) -> write(partitionKey, value, etag, what), what);
        // Only saves the next event a look at the partition: losing this race to a concurrent
        // update of the user changes nothing that matters.
        try {
            EtagRetry.Read<UserCounter> user = read(userKey, UserCounter.class);
            if (user.value() != null && !user.value().inPartition()
                    && !write(userKey, user.value().listedInPartition(), user.etag(), what)) {
                LOG.fine(() -> "Not noting " + userId + "'s partition membership now: the counter changed meanwhile");
            }
        } catch (AnalyticsUnavailableException lost) {
            LOG.fine(() -> "Not noting " + userId + "'s partition membership now: " + lost.getMessage());
        }
    }

    /** One single-key write with the ETag read before; false when someone else wrote first. */
    private boolean write(String key, Object value, String etag, String what) {
        try {
            dapr.saveState(settings.storeName(), key, etag == null || etag.isEmpty() ? null : etag, value, FIRST_WRITE)
                    .block(CALL_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            if (DaprFailures.isEtagConflict(e)) {
                return false;
            }
            throw new AnalyticsUnavailableException("state store call failed: " + what + ": " + e.getMessage(), e);
        }
    }

    /** The values of those keys that exist, by key; read in batches to bound each call. */
    private <T> Map<String, T> readAll(List<String> keys, Class<T> type) {
        Map<String, T> values = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BULK_READ_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BULK_READ_BATCH));
            for (State<T> state : call(dapr.getBulkState(settings.storeName(), batch, type), "read " + batch.size() + " keys")) {
                if (state.getValue() != null) {
                    values.put(state.getKey(), state.getValue());
                }
            }
        }
        return values;
    }

    private <T> EtagRetry.Read<T> read(String key, Class<T> type) {
        State<T> state = call(dapr.getState(settings.storeName(), key, type), "read " + key);
        return new EtagRetry.Read<>(state.getValue(), state.getEtag());
    }

    private static <T> T call(reactor.core.publisher.Mono<T> call, String what) {
        try {
            return call.block(CALL_TIMEOUT);
        } catch (RuntimeException e) {
            throw new AnalyticsUnavailableException("state store call failed: " + what + ": " + e.getMessage(), e);
        }
    }

}
