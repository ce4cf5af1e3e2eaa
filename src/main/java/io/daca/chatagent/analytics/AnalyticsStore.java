package io.daca.chatagent.analytics;

import io.daca.chatagent.config.AnalyticsSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.EtagRetry;
import io.daca.chatagent.observe.AppMetrics;
import io.daca.chatagent.dapr.EtagStore;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Message counts in the Dapr state store, updated with ETag optimistic concurrency.
 *
 * <p>The user's counter is the truth: it holds the count and records which events were counted,
 * so an event costs one read and one write of the user's own key. A user seen for the first time
 * is also added to its partition's members; the counter notes that afterwards, so a failure in
 * between is repaired by the redelivery (answered RETRY), which finds the event counted and only
 * completes the membership. Partition totals are summed from the members' counters when asked
 * for, so no event writes a key shared with other users.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** The store did not accept an update now; worth retrying later. */
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

    @Inject
    AppMetrics metrics;

    private EtagStore store;

    @PostConstruct
    void init() {
        store = new EtagStore(dapr, settings.storeName(), CALL_TIMEOUT, new EtagRetry(settings.maxAttempts(), Thread::sleep,
                metrics::analyticsConflict));
    }

    String userKey(String userId) {
        return "analytics-" + instance.namespace() + "-user-" + userId;
    }

    String partitionKey(int partition) {
        return "analytics-" + instance.namespace() + "-partition-" + partition;
    }

    public Optional<UserCounter> user(String userId) {
        return Optional.ofNullable(available(() -> store.read(userKey(userId), UserCounter.class)).value());
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
        Map<String, PartitionMembers> members = available(() -> store.readAll(keys, PartitionMembers.class));
        List<List<String>> usersByPartition = keys.stream()
                .map(key -> members.getOrDefault(key, PartitionMembers.empty()).users()).toList();
        // All partitions' counters in one batched read, not one round of reads per partition.
        List<String> userKeys = usersByPartition.stream().flatMap(List::stream).map(this::userKey).toList();
        Map<String, UserCounter> counters = available(() -> store.readAll(userKeys, UserCounter.class));
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
        EtagRetry.Result<UserCounter> result = available(
                () -> store.update(userKey, UserCounter.class, UserCounter.empty(), change, what));
        if (!result.value().inPartition()) {
            joinPartition(userId, userKey, what);
        }
        return result.written() ? Outcome.COUNTED : Outcome.DUPLICATE;
    }

    /** Lists the user among its partition's members, then notes that in the user's counter. */
    private void joinPartition(String userId, String userKey, String what) {
        String partitionKey = partitionKey(partitioner.partitionOf(userId));
        available(() -> store.update(partitionKey, PartitionMembers.class, PartitionMembers.empty(),
                members -> members.contains(userId) ? null : members.with(userId), what));
        // Only saves the next event a look at the partition: losing this race to a concurrent
        // update of the user changes nothing that matters.
        try {
            EtagRetry.Read<UserCounter> user = store.read(userKey, UserCounter.class);
            if (user.value() != null && !user.value().inPartition()
                    && !store.write(userKey, user.value().listedInPartition(), user.etag(), what)) {
                LOG.fine(() -> "Not noting " + userId + "'s partition membership now: the counter changed meanwhile");
            }
        } catch (EtagStore.StoreUnavailableException lost) {
            LOG.fine(() -> "Not noting " + userId + "'s partition membership now: " + lost.getMessage());
        }
    }

    /** The call's answer; a failing store or a race lost too often as {@link AnalyticsUnavailableException}. */
    private static <T> T available(Supplier<T> call) {
        try {
            return call.get();
        } catch (EtagStore.StoreUnavailableException | EtagRetry.ConflictsPersist e) {
            throw new AnalyticsUnavailableException(e.getMessage(), e);
        }
    }
}
