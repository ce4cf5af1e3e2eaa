package io.daca.chatagent.analytics;

import io.daca.chatagent.config.AnalyticsSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.EtagRetry;
import io.daca.chatagent.observe.AppMetrics;
import io.daca.chatagent.dapr.EtagStore;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.DaprMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>Every write is made with the ETag of a read before it, and no step needs two keys to change
 * together: Dapr's Redis store applies a multi-key transaction command by command and keeps the
 * ones whose ETag matched, so a transaction of the counter and the totals would not be atomic.
 * Instead a change goes: (1) the counter, with the change it owes the totals queued in it as op n
 * ({@link UserCounter#unsent}); (2) the totals take the counter's unsent ops and note n for the
 * user ({@link ShardTotals#applied}); (3) the counter drops the ops up to n; (4) the totals forget
 * the note. A crash or a lost race anywhere leaves a state the next pass over the user (the
 * redelivery, answered RETRY, or any later change) completes without counting anything twice:
 * step 2 is written with the ETag of a totals read that came before the counter was read or
 * written, so it cannot take an op that a note removed meanwhile had recorded (removing the note
 * changes the ETag), and ops a counter still lists are above every note removed for it.
 *
 * <p>The steps are made for a whole batch of events at once ({@link CounterPasses}): the users'
 * counters of one step are written in one transaction, their shards in another. Since no step
 * relies on keys changing together, a transaction Redis applied only in part is one more lost
 * race: the pass reads again and finishes what is left.
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

    /** Users tidied up by one pass of steps 3 and 4. */
    static final int TIDY_BATCH = 200;

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

    private CounterPasses passes;

    @Inject
    AnalyticsWork work;

    /** Dapr state store types whose transactions are atomic and whose bulk reads are one snapshot. */
    static final Set<String> ATOMIC_STORES = Set.of("state.in-memory");

    /** Whether the analytics store is one of {@link #ATOMIC_STORES}; null until daprd said which it is. */
    private volatile Boolean atomicStore;

    /** {@link System#nanoTime()} before which daprd is not asked again what the analytics store is. */
    private volatile long nextMetadataAsk = System.nanoTime();

    /** Users whose steps 3 and 4 are due at the next tidy-up, with the latest op to clean up to. */
    private final ConcurrentHashMap<String, Long> cleanupDue = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        EtagRetry retry = new EtagRetry(settings.maxAttempts(), Thread::sleep, metrics::analyticsConflict);
        store = new EtagStore(dapr, settings.storeName(), CALL_TIMEOUT, retry);
        passes = new CounterPasses(store, this::userKey, this::totalsKeyOf, retry, this::atomicStore);
        work.cleanup().execute(this::sweepNotes);
        work.cleanup().scheduleWithFixedDelay(this::tidySafely, CLEANUP_DELAY.toMillis(), CLEANUP_DELAY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the analytics store is one whose transactions are all-or-nothing and whose bulk
     * read is one snapshot, so a counter and its shard can be written in one transaction: Dapr's
     * in-memory store (components-contrib 1.17.3 {@code state/in-memory}: {@code Multi} checks
     * every ETag under its lock before applying any; {@code BulkGet} reads under one lock). Asked
     * of daprd's metadata once it answers (at most every {@link #CLEANUP_DELAY} until then);
     * meanwhile a pass takes the way safe on every store.
     */
    boolean atomicStore() {
        Boolean known = atomicStore;
        if (known != null) {
            return known;
        }
        long now = System.nanoTime();
        if (now - nextMetadataAsk < 0) {
            return false;
        }
        // One pass asks; the others, and this one if daprd cannot say, count the safe way until
        // the next ask, instead of every pass waiting on the metadata call.
        nextMetadataAsk = now + CLEANUP_DELAY.toNanos();
        try {
            DaprMetadata metadata = dapr.getMetadata().block(CALL_TIMEOUT);
            String type = metadata == null ? null : metadata.getComponents().stream()
                    .filter(component -> component.getName().equals(settings.storeName()))
                    .map(ComponentMetadata::getType).findFirst().orElse(null);
            if (type == null) {
                return false;
            }
            known = ATOMIC_STORES.contains(type);
            atomicStore = known;
            LOG.info("Analytics store " + settings.storeName() + " is " + type + ": " + (known
                    ? "a counter and its shard are written in one transaction"
                    : "counters and shards are written in separate steps (its transactions are not atomic)"));
            return known;
        } catch (RuntimeException e) {
            LOG.fine(() -> "daprd's metadata did not answer yet; counting the safe way meanwhile: " + e);
            return false;
        }
    }

    private void tidySafely() {
        try {
            tidy();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Tidying up the analytics counters failed; trying again in " + CLEANUP_DELAY + ": " + e);
        }
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
        return recordAll(List.of(event)).get(0);
    }

    public void initialize(String userId, long messageCount) {
        update(Map.of(userId, current -> current.withMessageCount(messageCount)), "initialize " + userId);
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

    /**
     * Counts the events of a batch, each user's folded into one change of its counter and every
     * shard's into one write (see {@link CounterPasses}); each event's outcome, in order. Events of
     * one user are counted in the order given; duplicates (in the store or in the batch) are not.
     */
    public List<Outcome> recordAll(List<CountableEvent> events) {
        Map<String, List<CountableEvent>> byUser = new LinkedHashMap<>();
        events.forEach(event -> byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event));
        Map<String, UnaryOperator<UserCounter>> changes = new LinkedHashMap<>();
        byUser.forEach((user, theirs) -> changes.put(user, counter -> counted(counter, theirs)));
        CounterPasses.Counted counted = update(changes, events.size() == 1
                ? "count event of " + events.get(0).userId() : "count " + events.size() + " events");
        return outcomes(counted.before(), events);
    }

    /** Each event's outcome, given the counters as they were before the batch. */
    static List<Outcome> outcomes(Map<String, UserCounter> before, List<CountableEvent> events) {
        Map<String, UserCounter> seen = new HashMap<>(before);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (CountableEvent event : events) {
            UserCounter counter = seen.getOrDefault(event.userId(), UserCounter.empty());
            if (counter.hasCounted(event)) {
                outcomes.add(Outcome.DUPLICATE);
            } else {
                outcomes.add(Outcome.COUNTED);
                seen.put(event.userId(), counter.count(event));
            }
        }
        return outcomes;
    }

    /** The counter with those of the events it has not counted yet, or null if it has them all. */
    static UserCounter counted(UserCounter counter, List<CountableEvent> events) {
        UserCounter after = counter;
        for (CountableEvent event : events) {
            if (!after.hasCounted(event)) {
                after = after.count(event);
            }
        }
        return after == counter ? null : after;
    }

    /** Steps 1 and 2 for the users of {@code changes}; steps 3 and 4 are left to {@link #tidy}. */
    private CounterPasses.Counted update(Map<String, UnaryOperator<UserCounter>> changes, String what) {
        CounterPasses.Counted counted = available(() -> passes.apply(changes, what));
        counted.noted().forEach(this::forgetSentLater);
        return counted;
    }

    /**
     * Steps 3 and 4 for {@code userId}, at the next tidy-up ({@link #CLEANUP_DELAY} apart), once
     * for all the changes it makes meanwhile: they only keep the counter and the shard small,
     * nothing is counted by them, so they need not hold up the event. A user's next change does
     * step 3 itself (step 1 drops what the shard notes) and replaces the shard's note, so a user
     * who keeps chatting costs one tidy-up per delay, and the tidy-up of many users costs four
     * state calls per {@link #TIDY_BATCH}, not four per user. A note left by a crash before its
     * turn is removed by the user's next change, or by the sweep each instance makes when it
     * starts ({@link #sweepNotes}).
     */
    private void forgetSentLater(String userId, long op) {
        if (op != 0) {
            cleanupDue.merge(userId, op, Math::max);
        }
    }

    /** Steps 3 and 4 for every user due; what fails is due again next time. */
    void tidy() {
        if (cleanupDue.isEmpty()) {
            return;
        }
        Map<String, Long> due = new LinkedHashMap<>();
        for (String user : List.copyOf(cleanupDue.keySet())) {
            Long op = cleanupDue.remove(user);
            if (op != null) {
                due.put(user, op);
            }
        }
        forgetAll(due, "tidy up after " + due.size() + " user(s)");
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
            Map<String, Long> noted = new LinkedHashMap<>();
            store.readAll(keys, ShardTotals.class).values().forEach(totals -> noted.putAll(totals.applied()));
            forgetAll(noted, "sweep the shards' notes");
        } catch (EtagStore.StoreUnavailableException e) {
            LOG.fine(() -> "Leaving the shards' notes to the users' next changes: " + e.getMessage());
        }
    }

    /**
     * 3 and 4, {@link #TIDY_BATCH} users at a time. Failing here loses nothing (the user's next
     * change does it), so it never fails a caller; what was not done is due again.
     */
    private void forgetAll(Map<String, Long> ops, String what) {
        List<Map.Entry<String, Long>> entries = List.copyOf(ops.entrySet());
        for (int from = 0; from < entries.size(); from += TIDY_BATCH) {
            Map<String, Long> batch = new LinkedHashMap<>();
            entries.subList(from, Math.min(entries.size(), from + TIDY_BATCH)).forEach(e -> batch.put(e.getKey(), e.getValue()));
            boolean done;
            try {
                done = passes.forget(batch, what);
            } catch (EtagStore.StoreUnavailableException e) {
                LOG.fine(() -> "Leaving " + batch.size() + " user(s)' sent changes to a later tidy-up: " + e.getMessage());
                done = false;
            }
            if (!done) {
                batch.forEach(this::forgetSentLater);
            }
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
