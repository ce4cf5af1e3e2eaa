package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daca.chatagent.dapr.EtagRetry;
import io.daca.chatagent.dapr.VersionedStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CounterPassesTest {

    /**
     * A versioned store in memory. {@code partial}: a write call applies the writes whose ETag
     * matches and skips the rest, as Dapr's Redis store does with a transaction; otherwise all or
     * nothing, as its in-memory store does. {@code lostAnswers}: that many write calls are made
     * but answered as failed (an answer lost on the way back).
     */
    static class MemoryStore implements VersionedStore {
        final Map<String, Object> values = new HashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        final boolean partial;
        final AtomicInteger lostAnswers = new AtomicInteger();
        final AtomicInteger readCalls = new AtomicInteger();
        final AtomicInteger writeCalls = new AtomicInteger();

        MemoryStore(boolean partial) {
            this.partial = partial;
        }

        @Override
        public synchronized <T> Map<String, EtagRetry.Read<T>> readEach(List<String> keys, Class<T> type) {
            readCalls.incrementAndGet();
            Map<String, EtagRetry.Read<T>> read = new LinkedHashMap<>();
            for (String key : keys) {
                Object value = values.get(key);
                read.put(key, new EtagRetry.Read<>(type.cast(value), value == null ? null : versions.get(key).toString()));
            }
            return read;
        }

        @Override
        public synchronized boolean writeEach(List<Write> writes, String what) {
            writeCalls.incrementAndGet();
            boolean all = true;
            List<Write> matching = new ArrayList<>();
            for (Write write : writes) {
                boolean matches = write.etag() == null ? !values.containsKey(write.key())
                        : values.containsKey(write.key()) && versions.get(write.key()).toString().equals(write.etag());
                if (matches) {
                    matching.add(write);
                } else {
                    all = false;
                }
            }
            if (all || partial) {
                for (Write write : matching) {
                    values.put(write.key(), write.value());
                    versions.merge(write.key(), 1L, Long::sum);
                }
            }
            if (lostAnswers.get() > 0 && lostAnswers.getAndDecrement() > 0) {
                return false;
            }
            return all;
        }

        @Override
        public synchronized Map<String, EtagRetry.Read<Object>> readEach(Map<String, Class<?>> types) {
            readCalls.incrementAndGet();
            Map<String, EtagRetry.Read<Object>> read = new LinkedHashMap<>();
            types.forEach((key, type) -> {
                Object value = values.get(key);
                read.put(key, new EtagRetry.Read<>(type.cast(value), value == null ? null : versions.get(key).toString()));
            });
            return read;
        }

        @Override
        public synchronized boolean writeTogether(List<Write> writes, String what) {
            return writeEach(writes, what);
        }

        <T> List<T> all(String prefix, Class<T> type) {
            return values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .map(e -> type.cast(e.getValue())).toList();
        }
    }

    private static final int SHARDS = 4;

    private static CounterPasses passes(MemoryStore store) {
        return passes(store, false);
    }

    /** {@code atomic}: steps 1 and 2 in one read and one transaction, for a store that is all-or-nothing. */
    private static CounterPasses passes(MemoryStore store, boolean atomic) {
        return new CounterPasses(store, user -> "user-" + user, user -> "totals-" + ShardTotals.shardOf(user, SHARDS),
                new EtagRetry(50, millis -> Thread.onSpinWait()), () -> atomic);
    }

    private static CountableEvent event(String user, long seq) {
        return new CountableEvent(user, OptionalLong.of(seq), user + "-" + seq);
    }

    private static Map<String, UnaryOperator<UserCounter>> counting(List<CountableEvent> events) {
        Map<String, List<CountableEvent>> byUser = new LinkedHashMap<>();
        events.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        Map<String, UnaryOperator<UserCounter>> changes = new LinkedHashMap<>();
        byUser.forEach((user, theirs) -> changes.put(user, counter -> AnalyticsStore.counted(counter, theirs)));
        return changes;
    }

    /** Counters, shards and notes agree: every counted message is in the totals exactly once. */
    private static void assertConsistent(MemoryStore store, Map<String, Long> expectedCounts) {
        List<UserCounter> counters = store.all("user-", UserCounter.class);
        List<ShardTotals> shards = store.all("totals-", ShardTotals.class);
        Map<String, Long> counts = new HashMap<>();
        store.values.forEach((key, value) -> {
            if (value instanceof UserCounter counter) {
                counts.put(key.substring("user-".length()), counter.messageCount());
            }
        });
        assertEquals(expectedCounts, counts);
        assertEquals(expectedCounts.size(), shards.stream().mapToLong(ShardTotals::users).sum());
        assertEquals(expectedCounts.values().stream().mapToLong(Long::longValue).sum(),
                shards.stream().mapToLong(ShardTotals::messages).sum());
        counters.forEach(counter -> assertTrue(counter.unsent().stream().allMatch(delta ->
                shards.stream().anyMatch(shard -> shard.applied().containsValue(delta.op()))), counter.toString()));
    }

    @Test
    void aBatchOfManyUsersCostsTwoReadsAndTwoWritesAndCountsEachEventOnce() {
        MemoryStore store = new MemoryStore(true);
        List<CountableEvent> batch = new ArrayList<>();
        for (int user = 0; user < 10; user++) {
            batch.add(event("u" + user, 1));
            batch.add(event("u" + user, 2));
        }
        batch.add(event("u3", 2)); // a duplicate inside the batch
        CounterPasses.Counted counted = passes(store).apply(counting(batch), "batch");

        Map<String, Long> expected = new HashMap<>();
        for (int user = 0; user < 10; user++) {
            expected.put("u" + user, 2L);
        }
        assertConsistent(store, expected);
        assertEquals(2, store.readCalls.get(), "the shards, then the counters");
        assertEquals(2, store.writeCalls.get(), "the counters, then the shards");
        assertEquals(List.of(AnalyticsStore.Outcome.COUNTED, AnalyticsStore.Outcome.COUNTED),
                AnalyticsStore.outcomes(counted.before(), batch).subList(0, 2));
        assertEquals(AnalyticsStore.Outcome.DUPLICATE, AnalyticsStore.outcomes(counted.before(), batch).get(20));
        assertTrue(counted.noted().values().stream().allMatch(op -> op == 1L), counted.noted().toString());
    }

    @Test
    void onAnAtomicStoreABatchIsOneReadAndOneTransaction() {
        MemoryStore store = new MemoryStore(false);
        List<CountableEvent> batch = List.of(event("a", 1), event("b", 1), event("a", 2), event("a", 1));
        CounterPasses.Counted counted = passes(store, true).apply(counting(batch), "together");

        assertConsistent(store, Map.of("a", 2L, "b", 1L));
        assertEquals(1, store.readCalls.get());
        assertEquals(1, store.writeCalls.get());
        assertEquals(List.of(AnalyticsStore.Outcome.COUNTED, AnalyticsStore.Outcome.COUNTED, AnalyticsStore.Outcome.COUNTED,
                AnalyticsStore.Outcome.DUPLICATE), AnalyticsStore.outcomes(counted.before(), batch));
        // A counter written the step-by-step way (unsent ops, a note) is finished by the next pass.
        MemoryStore mixed = new MemoryStore(false);
        mixed.lostAnswers.set(1);
        passes(mixed, true).apply(counting(List.of(event("c", 1))), "answer lost");
        passes(mixed, false).apply(counting(List.of(event("c", 2))), "step by step");
        passes(mixed, true).apply(counting(List.of(event("c", 3), event("d", 1))), "together again");
        assertConsistent(mixed, Map.of("c", 3L, "d", 1L));
    }

    @Test
    void aRedeliveredBatchCountsNothingAgainAndWritesNoCounter() {
        MemoryStore store = new MemoryStore(true);
        List<CountableEvent> batch = List.of(event("a", 1), event("b", 1), event("a", 2));
        passes(store).apply(counting(batch), "first");
        int writes = store.writeCalls.get();
        CounterPasses.Counted again = passes(store).apply(counting(batch), "again");

        assertConsistent(store, Map.of("a", 2L, "b", 1L));
        assertEquals(writes, store.writeCalls.get());
        assertTrue(AnalyticsStore.outcomes(again.before(), batch).stream().allMatch(o -> o == AnalyticsStore.Outcome.DUPLICATE));
    }

    @Test
    void writesMadeButAnsweredAsFailedAreNotCountedTwice() {
        for (boolean partial : new boolean[] {true, false}) {
            MemoryStore store = new MemoryStore(partial);
            store.lostAnswers.set(3);
            passes(store).apply(counting(List.of(event("a", 1), event("b", 1), event("c", 1))), "lost answers");
            passes(store).apply(counting(List.of(event("a", 2), event("b", 1))), "next");
            assertConsistent(store, Map.of("a", 2L, "b", 1L, "c", 1L));
        }
    }

    @Test
    void tidyingUpDropsTheSentOpsAndTheNotesAndKeepsTheTotals() {
        MemoryStore store = new MemoryStore(true);
        CounterPasses passes = passes(store);
        CounterPasses.Counted counted = passes.apply(counting(List.of(event("a", 1), event("b", 1), event("c", 1))), "count");
        assertTrue(passes.forget(counted.noted(), "tidy"));

        assertConsistent(store, Map.of("a", 1L, "b", 1L, "c", 1L));
        store.all("user-", UserCounter.class).forEach(counter -> assertEquals(List.of(), counter.unsent()));
        store.all("totals-", ShardTotals.class).forEach(shard -> assertEquals(Map.of(), shard.applied()));
        assertTrue(passes.forget(counted.noted(), "tidy again"), "nothing left to do is done");
    }

    @Test
    void aWriteMadeButAnsweredAsFailedIsFoundMadeOnTheNextRead() {
        MemoryStore store = new MemoryStore(false);
        store.lostAnswers.set(2);
        passes(store).apply(counting(List.of(event("a", 1))), "answers lost");
        assertConsistent(store, Map.of("a", 1L));
        assertEquals(2, store.writeCalls.get(), "each step wrote once; its second read found the write made");
    }

    @Test
    void aPassThatKeepsLosingGivesUp() {
        MemoryStore store = new MemoryStore(false) {
            @Override
            public synchronized boolean writeEach(List<Write> writes, String what) {
                writeCalls.incrementAndGet();
                return false; // another writer always wins
            }
        };
        AtomicInteger lost = new AtomicInteger();
        CounterPasses passes = new CounterPasses(store, user -> "user-" + user, user -> "totals-0",
                new EtagRetry(3, millis -> { }, lost::incrementAndGet), () -> false);
        assertThrows(EtagRetry.ConflictsPersist.class, () -> passes.apply(counting(List.of(event("a", 1))), "doomed"));
        assertEquals(3, lost.get());
        assertEquals(3, store.writeCalls.get());
    }

    /**
     * Four threads count overlapping batches (every event is delivered twice, in different
     * batches, in any order) and tidy up as they go, against a store that applies transactions
     * in part: every event is counted exactly once, and the totals say so.
     */
    @Test
    void concurrentBatchesWithDuplicatesAndTidyUpsStayExact() throws Exception {
        // A store that applies transactions in part, counted step by step; an atomic one, counted
        // step by step and with steps 1 and 2 in one transaction.
        for (int variant = 0; variant < 3; variant++) {
            boolean partial = variant == 0;
            MemoryStore store = new MemoryStore(partial);
            CounterPasses passes = passes(store, variant == 2);
            List<CountableEvent> events = new ArrayList<>();
            Map<String, Long> expected = new HashMap<>();
            for (int user = 0; user < 12; user++) {
                for (int seq = 1; seq <= 15; seq++) {
                    events.add(event("u" + user, seq));
                }
                expected.put("u" + user, 15L);
            }
            List<CountableEvent> deliveries = new ArrayList<>(events);
            deliveries.addAll(events);
            java.util.Collections.shuffle(deliveries, new java.util.Random(7 + variant));
            ConcurrentHashMap<String, Long> notes = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int from = t * deliveries.size() / 4;
                    int to = (t + 1) * deliveries.size() / 4;
                    done.add(threads.submit(() -> {
                        for (int i = from; i < to; ) {
                            int size = 1 + ThreadLocalRandom.current().nextInt(8);
                            List<CountableEvent> batch = deliveries.subList(i, Math.min(to, i + size));
                            passes.apply(counting(batch), "batch").noted().forEach((u, op) -> notes.merge(u, op, Math::max));
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                passes.forget(Map.copyOf(notes), "tidy");
                            }
                            i += batch.size();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }
            assertConsistent(store, expected);
        }
    }
}
