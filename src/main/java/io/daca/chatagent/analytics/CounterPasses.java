package io.daca.chatagent.analytics;

import io.daca.chatagent.dapr.EtagRetry;
import io.daca.chatagent.dapr.VersionedStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The steps of {@link AnalyticsStore}, made for many users at once: one pass reads every shard
 * the users hash to (one call), then their counters (one call), and writes what changed (the
 * existing keys in one transaction). A batch of events costs four state calls, not four per event.
 *
 * <p>Each step stays what it is for one user (see {@link AnalyticsStore}): every key is written
 * with the ETag of a read made in this pass, the shards read before the counters. A write that
 * may not have been made (a lost race, or a Redis transaction that applied only some of its
 * operations) repeats the pass from its reads, so nothing depends on knowing which writes were
 * made: a counted event is recognised by the counter, an op the totals took by their note.
 */
final class CounterPasses {

    /** What the counting step left: each user's counter as first read, and the op its shard now notes. */
    record Counted(Map<String, UserCounter> before, Map<String, Long> noted) {
    }

    private final VersionedStore store;
    private final Function<String, String> userKey;
    private final Function<String, String> totalsKey;
    private final EtagRetry retry;
    private final BooleanSupplier atomicStore;

    /**
     * @param retry       counts each lost race, pauses before the next pass, gives up after its attempts
     * @param atomicStore whether the store's transactions are all-or-nothing and its bulk reads
     *                    one snapshot (asked before each pass): then steps 1 and 2 are one read and
     *                    one transaction ({@link #applyTogether})
     */
    CounterPasses(VersionedStore store, Function<String, String> userKey, Function<String, String> totalsKey,
                  EtagRetry retry, BooleanSupplier atomicStore) {
        this.store = store;
        this.userKey = userKey;
        this.totalsKey = totalsKey;
        this.retry = retry;
        this.atomicStore = atomicStore;
    }

    /** The shards and counters of some users, read in that order, with their ETags. */
    private final class Snapshot {
        final Map<String, EtagRetry.Read<ShardTotals>> shards;
        final Map<String, EtagRetry.Read<UserCounter>> counters;

        Snapshot(List<String> users) {
            List<String> shardKeys = new ArrayList<>(new LinkedHashSet<>(users.stream().map(totalsKey).toList()));
            shards = store.readEach(shardKeys, ShardTotals.class);
            counters = store.readEach(users.stream().map(userKey).toList(), UserCounter.class);
        }

        /** Shards and counters in one read (one snapshot on an atomic store). */
        Snapshot(List<String> users, boolean together) {
            Map<String, Class<?>> types = new LinkedHashMap<>();
            users.forEach(user -> types.put(totalsKey.apply(user), ShardTotals.class));
            users.forEach(user -> types.put(userKey.apply(user), UserCounter.class));
            Map<String, EtagRetry.Read<Object>> read = store.readEach(types);
            shards = new HashMap<>();
            counters = new HashMap<>();
            for (String user : users) {
                String shardKey = totalsKey.apply(user);
                String counterKey = userKey.apply(user);
                EtagRetry.Read<Object> shard = read.get(shardKey);
                EtagRetry.Read<Object> counter = read.get(counterKey);
                shards.put(shardKey, new EtagRetry.Read<>((ShardTotals) shard.value(), shard.etag()));
                counters.put(counterKey, new EtagRetry.Read<>((UserCounter) counter.value(), counter.etag()));
            }
        }

        Map<String, UserCounter> counters(List<String> users) {
            Map<String, UserCounter> values = new LinkedHashMap<>();
            users.forEach(user -> values.put(user, counter(user)));
            return values;
        }

        ShardTotals shard(String user) {
            EtagRetry.Read<ShardTotals> read = shards.get(totalsKey.apply(user));
            return read == null || read.value() == null ? ShardTotals.empty() : read.value();
        }

        UserCounter counter(String user) {
            EtagRetry.Read<UserCounter> read = counters.get(userKey.apply(user));
            return read == null || read.value() == null ? UserCounter.empty() : read.value();
        }

        String counterEtag(String user) {
            EtagRetry.Read<UserCounter> read = counters.get(userKey.apply(user));
            return read == null ? null : read.etag();
        }

        String shardEtag(String key) {
            EtagRetry.Read<ShardTotals> read = shards.get(key);
            return read == null ? null : read.etag();
        }
    }

    /**
     * Steps 1 and 2 for every user of {@code changes}: each counter takes its change (null from a
     * change: nothing to change, e.g. only duplicates) with what it owes the totals queued, then
     * the shards take every op the counters owe them, this pass's and any a crash left.
     */
    Counted apply(Map<String, UnaryOperator<UserCounter>> changes, String what) {
        if (atomicStore.getAsBoolean()) {
            return applyTogether(changes, what);
        }
        List<String> users = List.copyOf(changes.keySet());
        Map<String, UserCounter> before = null;
        Map<String, UserCounter> counters;
        Snapshot seen;
        // 1. The counters, owing the totals their changes.
        for (int attempt = 1; ; attempt++) {
            seen = new Snapshot(users);
            if (before == null) {
                before = seen.counters(users);
            }
            counters = new HashMap<>();
            List<VersionedStore.Write> writes = new ArrayList<>();
            for (String user : users) {
                UserCounter current = seen.counter(user);
                UserCounter changed = changes.get(user).apply(current);
                if (changed == null) {
                    counters.put(user, current);
                } else {
                    UserCounter owing = changed.queuedForTotals(current, seen.shard(user).appliedTo(user));
                    counters.put(user, owing);
                    writes.add(new VersionedStore.Write(userKey.apply(user), owing, seen.counterEtag(user)));
                }
            }
            if (writes.isEmpty() || store.writeEach(writes, what)) {
                break;
            }
            retry.lost(attempt, what);
        }
        // 2. The shards take what the counters owe them: first with the shards read before the
        // counters were written; after a lost race, both read again, shards first.
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                seen = new Snapshot(users);
                counters = seen.counters(users);
            }
            Snapshot read = seen;
            Map<String, ShardTotals> shards = new HashMap<>();
            Map<String, ShardTotals> taken = new LinkedHashMap<>();
            for (String user : users) {
                String key = totalsKey.apply(user);
                ShardTotals shard = shards.computeIfAbsent(key, k -> read.shard(user));
                ShardTotals after = shard.taking(user, counters.get(user).unsent());
                if (after != null) {
                    shards.put(key, after);
                    taken.put(key, after);
                }
            }
            if (taken.isEmpty() || write(taken, seen, what)) {
                return new Counted(before, noted(users, shards));
            }
            retry.lost(attempt, what);
        }
    }

    /**
     * Steps 1 and 2 on a store whose transactions are atomic: one snapshot of the shards and the
     * counters, and one transaction of the changed counters and the shards that take their ops
     * (creations included). All or nothing, so it is step 1 followed at once by step 2, with
     * nothing in between: two state calls a pass instead of four.
     */
    private Counted applyTogether(Map<String, UnaryOperator<UserCounter>> changes, String what) {
        List<String> users = List.copyOf(changes.keySet());
        Map<String, UserCounter> before = null;
        for (int attempt = 1; ; attempt++) {
            Snapshot seen = new Snapshot(users, true);
            if (before == null) {
                before = seen.counters(users);
            }
            List<VersionedStore.Write> writes = new ArrayList<>();
            Map<String, ShardTotals> shards = new HashMap<>();
            Map<String, ShardTotals> taken = new LinkedHashMap<>();
            for (String user : users) {
                UserCounter current = seen.counter(user);
                UserCounter changed = changes.get(user).apply(current);
                UserCounter counter = current;
                String key = totalsKey.apply(user);
                ShardTotals shard = shards.computeIfAbsent(key, k -> seen.shard(user));
                if (changed != null) {
                    counter = changed.queuedForTotals(current, shard.appliedTo(user));
                    writes.add(new VersionedStore.Write(userKey.apply(user), counter, seen.counterEtag(user)));
                }
                ShardTotals after = shard.taking(user, counter.unsent());
                if (after != null) {
                    shards.put(key, after);
                    taken.put(key, after);
                }
            }
            taken.forEach((key, value) -> writes.add(new VersionedStore.Write(key, value, seen.shardEtag(key))));
            if (writes.isEmpty() || store.writeTogether(writes, what)) {
                return new Counted(before, noted(users, shards));
            }
            retry.lost(attempt, what);
        }
    }

    /** Each user's op as its shard notes it in {@code shards} (keyed by shard key). */
    private Map<String, Long> noted(List<String> users, Map<String, ShardTotals> shards) {
        Map<String, Long> noted = new LinkedHashMap<>();
        users.forEach(user -> noted.put(user, shards.get(totalsKey.apply(user)).appliedTo(user)));
        return noted;
    }

    private boolean write(Map<String, ShardTotals> shards, Snapshot seen, String what) {
        List<VersionedStore.Write> writes = new ArrayList<>();
        shards.forEach((key, value) -> writes.add(new VersionedStore.Write(key, value, seen.shardEtag(key))));
        return store.writeEach(writes, what);
    }

    /**
     * Steps 3 and 4 for every user of {@code ops} (user → the op its shard notes): the counters
     * drop the ops up to theirs, then the shards forget the notes. Only tidies; false when some of
     * it may be left undone (the caller tries again later), nothing is counted here either way.
     */
    boolean forget(Map<String, Long> ops, String what) {
        List<String> users = List.copyOf(ops.keySet());
        Map<String, EtagRetry.Read<UserCounter>> counters =
                store.readEach(users.stream().map(userKey).toList(), UserCounter.class);
        List<VersionedStore.Write> dropped = new ArrayList<>();
        for (String user : users) {
            EtagRetry.Read<UserCounter> read = counters.get(userKey.apply(user));
            UserCounter sent = read == null || read.value() == null ? null : read.value().sentThrough(ops.get(user));
            if (sent != null) {
                dropped.add(new VersionedStore.Write(userKey.apply(user), sent, read.etag()));
            }
        }
        if (!dropped.isEmpty() && !store.writeEach(dropped, what)) {
            return false;
        }
        List<String> shardKeys = new ArrayList<>(new LinkedHashSet<>(users.stream().map(totalsKey).toList()));
        Map<String, EtagRetry.Read<ShardTotals>> shards = store.readEach(shardKeys, ShardTotals.class);
        Map<String, ShardTotals> forgotten = new LinkedHashMap<>();
        for (String user : users) {
            String key = totalsKey.apply(user);
            ShardTotals shard = forgotten.getOrDefault(key, shards.get(key).value());
            ShardTotals after = shard == null ? null : shard.forgetting(user, ops.get(user));
            if (after != null) {
                forgotten.put(key, after);
            }
        }
        List<VersionedStore.Write> writes = new ArrayList<>();
        forgotten.forEach((key, value) -> writes.add(new VersionedStore.Write(key, value, shards.get(key).etag())));
        return writes.isEmpty() || store.writeEach(writes, what);
    }
}
