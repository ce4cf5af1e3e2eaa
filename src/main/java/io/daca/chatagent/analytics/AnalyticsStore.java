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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        for (int attempt = 1; ; attempt++) {
            State<UserCounter> user = read(userKey, UserCounter.class);
            UserCounter before = user.getValue() != null ? user.getValue() : UserCounter.empty();
            UserCounter after = change.apply(before);
            if (after == null || write(userKey, after, user.getEtag(), attempt, what)) {
                UserCounter current = after == null ? before : after;
                if (!current.inPartition()) {
                    joinPartition(userId, userKey, what);
                }
                return after == null ? Outcome.DUPLICATE : Outcome.COUNTED;
            }
        }
    }

    /** Lists the user among its partition's members, then notes that in the user's counter. */
    private void joinPartition(String userId, String userKey, String what) {
        String partitionKey = partitionKey(partitioner.partitionOf(userId));
        for (int attempt = 1; ; attempt++) {
            State<PartitionMembers> partition = read(partitionKey, PartitionMembers.class);
            PartitionMembers members = partition.getValue() != null ? partition.getValue() : PartitionMembers.empty();
            if (members.contains(userId) || write(partitionKey, members.with(userId), partition.getEtag(), attempt, what)) {
                break;
            }
        }
        // Only saves the next event a look at the partition: losing this race to a concurrent
        // update of the user changes nothing that matters.
        State<UserCounter> user = read(userKey, UserCounter.class);
        if (user.getValue() != null && !user.getValue().inPartition()) {
            try {
                save(userKey, user.getValue().listedInPartition(), user.getEtag(), what);
            } catch (AnalyticsUnavailableException lost) {
                LOG.fine(() -> "Not noting " + userId + "'s partition membership now: " + lost.getMessage());
            }
        }
    }

    /** One single-key write with the ETag read before; false when someone else wrote first. */
    private boolean write(String key, Object value, String etag, int attempt, String what) {
        try {
            save(key, value, etag, what);
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

    private void save(String key, Object value, String etag, String what) {
        call(dapr.saveState(settings.analyticsStore(), key, etag == null || etag.isEmpty() ? null : etag, value,
                FIRST_WRITE), what);
    }

    /** The values of those keys that exist, by key; read in batches to bound each call. */
    private <T> Map<String, T> readAll(List<String> keys, Class<T> type) {
        Map<String, T> values = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BULK_READ_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BULK_READ_BATCH));
            for (State<T> state : call(dapr.getBulkState(settings.analyticsStore(), batch, type), "read " + batch.size() + " keys")) {
                if (state.getValue() != null) {
                    values.put(state.getKey(), state.getValue());
                }
            }
        }
        return values;
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
