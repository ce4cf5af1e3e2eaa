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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Message counts in the Dapr state store, updated with ETag optimistic concurrency.
 *
 * <p>The user's counter is the truth: it holds the count and records which events were counted,
 * so no event is counted twice. Totals are kept incrementally, per shard of each hash partition
 * ({@link #TOTAL_SHARDS} keys per partition, a user's shard by {@link ShardTotals#shardOf}), so no
 * value grows with the number of users and {@code GET /analytics} reads a fixed number of keys.
 *
 * <p>Every write is one key with the ETag read before it: Dapr's Redis store applies a multi-key
 * transaction command by command and keeps the ones whose ETag matched, so a transaction of the
 * counter and the totals would not be atomic. Instead a change goes: (1) the counter, with the
 * change it owes the totals queued in it as op n ({@link UserCounter#unsent}); (2) the totals take
 * the counter's unsent ops and note n for the user ({@link ShardTotals#applied}); (3) the counter
 * drops the ops up to n; (4) the totals forget the note. A crash or a lost race anywhere leaves a
 * state the next pass over the user (the redelivery, answered RETRY, or any later change) completes
 * without counting anything twice: step 2 is written with the ETag of a totals read that came
 * before the counter was read or written, so it cannot take an op that a note removed meanwhile
 * had recorded (removing the note changes the ETag), and ops a counter still lists are above every
 * note removed for it.
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

    /** Totals keys per hash partition: more spread the writes of concurrent users, all are read by {@link #partitions}. */
    static final int TOTAL_SHARDS = 16;

    /** How long steps 3 and 4 wait, gathering a user's changes meanwhile. */
    static final Duration CLEANUP_DELAY = Duration.ofSeconds(10);

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

    private EtagRetry retry;

    private EtagStore store;

    @Inject
    AnalyticsWork work;

    /** Users whose steps 3 and 4 are scheduled, with the latest op to clean up to. */
    private final ConcurrentHashMap<String, Long> cleanupDue = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        retry = new EtagRetry(settings.maxAttempts(), Thread::sleep, metrics::analyticsConflict);
        store = new EtagStore(dapr, settings.storeName(), CALL_TIMEOUT, retry);
        work.cleanup().execute(this::sweepNotes);
    }

    String userKey(String userId) {
        return "analytics-" + instance.namespace() + "-user-" + userId;
    }

    String totalsKey(int partition, int shard) {
        return "analytics-" + instance.namespace() + "-totals-" + partition + "-" + shard;
    }

    private String totalsKeyOf(String userId) {
        return totalsKey(partitioner.partitionOf(userId), ShardTotals.shardOf(userId, TOTAL_SHARDS));
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

    /** Every partition's totals, in partition order: one bulk read of all the shards' keys. */
    public List<PartitionTotals> partitions() {
        int count = partitioner.partitionCount();
        List<String> keys = IntStream.range(0, count * TOTAL_SHARDS)
                .mapToObj(i -> totalsKey(i / TOTAL_SHARDS, i % TOTAL_SHARDS)).toList();
        Map<String, ShardTotals> shards = available(() -> store.readAll(keys, ShardTotals.class));
        return IntStream.range(0, count).mapToObj(p -> keys.subList(p * TOTAL_SHARDS, (p + 1) * TOTAL_SHARDS).stream()
                        .map(key -> shards.getOrDefault(key, ShardTotals.empty()))
                        .reduce(new PartitionTotals(0, 0), (sum, shard) -> new PartitionTotals(
                                sum.users() + shard.users(), sum.messages() + shard.messages()), (a, b) -> a))
                .toList();
    }

    /** The user's shard totals and counter, read in that order, with their ETags. */
    private record Snapshot(ShardTotals totals, String totalsEtag, UserCounter user, String userEtag) {

        Snapshot withUser(UserCounter changed) {
            return new Snapshot(totals, totalsEtag, changed, userEtag);
        }

        Snapshot withTotals(ShardTotals changed) {
            return new Snapshot(changed, totalsEtag, user, userEtag);
        }
    }

    private Snapshot snapshot(String totalsKey, String userKey) {
        EtagRetry.Read<ShardTotals> totals = store.read(totalsKey, ShardTotals.class);
        EtagRetry.Read<UserCounter> user = store.read(userKey, UserCounter.class);
        return new Snapshot(totals.value() == null ? ShardTotals.empty() : totals.value(), totals.etag(),
                user.value() == null ? UserCounter.empty() : user.value(), user.etag());
    }

    /**
     * Applies {@code change} to the user's counter ({@code null} from it means nothing to change,
     * e.g. a duplicate), then brings its shard's totals up to date (steps 1 to 4 above).
     */
    private Outcome update(String userId, UnaryOperator<UserCounter> change, String what) {
        String userKey = userKey(userId);
        String totalsKey = totalsKeyOf(userId);
        // 1. The counter, owing the totals its change.
        EtagRetry.Result<Snapshot> counted = available(() -> retry.update(
                () -> new EtagRetry.Read<>(snapshot(totalsKey, userKey), null), null,
                seen -> {
                    UserCounter changed = change.apply(seen.user());
                    return changed == null ? null
                            : seen.withUser(changed.queuedForTotals(seen.user(), seen.totals().appliedTo(userId)));
                },
                (seen, unused) -> store.write(userKey, seen.user(), seen.userEtag(), what), what));
        // 2. The totals take what the counter owes them. The first try uses the totals read before
        // the counter was written; a lost race reads both again, totals first.
        Snapshot[] first = {counted.value()};
        EtagRetry.Result<Snapshot> sent = available(() -> retry.update(
                () -> {
                    Snapshot seen = first[0] != null ? first[0] : snapshot(totalsKey, userKey);
                    first[0] = null;
                    return new EtagRetry.Read<>(seen, null);
                }, null,
                seen -> {
                    ShardTotals taken = seen.totals().taking(userId, seen.user().unsent());
                    return taken == null ? null : seen.withTotals(taken);
                },
                (seen, unused) -> store.write(totalsKey, seen.totals(), seen.totalsEtag(), what), what));
        forgetSentLater(userId, sent.value().totals().appliedTo(userId));
        return counted.written() ? Outcome.COUNTED : Outcome.DUPLICATE;
    }

    /**
     * Steps 3 and 4 for {@code userId}, {@link #CLEANUP_DELAY} from now and once for all the
     * changes it makes meanwhile: they only keep the counter and the shard small, nothing is counted
     * by them, so they need not hold up the event. A user's next change does step 3 itself (step 1
     * drops what the shard notes) and replaces the shard's note, so a user who keeps chatting costs
     * one pair per delay, not one per event: 4 state calls an event (2 reads, 2 writes) instead of 8.
     * A note left by a crash before its turn is removed by the user's next change, or by the sweep
     * each instance makes when it starts ({@link #sweepNotes}).
     */
    private void forgetSentLater(String userId, long op) {
        if (op == 0) {
            return;
        }
        if (cleanupDue.put(userId, op) == null) {
            work.cleanup().schedule(() -> {
                Long latest = cleanupDue.remove(userId);
                if (latest != null) {
                    forgetSent(userId, userKey(userId), totalsKeyOf(userId), latest, "clean up after " + userId);
                }
            }, CLEANUP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Steps 3 and 4 for every note the shards hold when this instance starts using them: what a
     * crash left before its tidy-up, so notes stay bounded however often instances die. Notes of
     * changes other instances are making now are tidied a little early, which is as safe as
     * tidying them at once (each step is an ETag write that any pass may interleave with).
     */
    void sweepNotes() {
        try {
            List<String> keys = IntStream.range(0, partitioner.partitionCount() * TOTAL_SHARDS)
                    .mapToObj(i -> totalsKey(i / TOTAL_SHARDS, i % TOTAL_SHARDS)).toList();
            store.readAll(keys, ShardTotals.class).forEach((key, totals) ->
                    totals.applied().forEach((user, op) -> forgetSent(user, userKey(user), key, op, "sweep " + key)));
        } catch (EtagStore.StoreUnavailableException e) {
            LOG.fine(() -> "Leaving the shards' notes to the users' next changes: " + e.getMessage());
        }
    }

    /**
     * 3 and 4: the counter drops the ops up to {@code op}, which the totals hold, then the totals
     * forget their note. Failing here loses nothing (the next change of the user does it), so it
     * does not fail the update.
     */
    private void forgetSent(String userId, String userKey, String totalsKey, long op, String what) {
        if (op == 0) {
            return;
        }
        try {
            store.update(userKey, UserCounter.class, UserCounter.empty(), user -> user.sentThrough(op), what);
            store.update(totalsKey, ShardTotals.class, ShardTotals.empty(), totals -> totals.forgetting(userId, op), what);
        } catch (EtagStore.StoreUnavailableException | EtagRetry.ConflictsPersist e) {
            LOG.fine(() -> "Leaving " + userId + "'s sent changes to its next update: " + e.getMessage());
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
