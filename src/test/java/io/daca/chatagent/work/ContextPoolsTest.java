package io.daca.chatagent.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextPoolsTest {

    /** Stands in for the container's factory: counts and names the threads it makes. */
    private static final class CountingFactory implements ManagedThreadFactory {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, "managed-" + made.incrementAndGet());
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aFixedPoolRunsAtMostItsThreadsAtOnceOnThreadsOfTheFactory() throws Exception {
        CountingFactory factory = new CountingFactory();
        ExecutorService pool = ContextPools.fixed(factory, 3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(10);
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                started.countDown();
                threads.add(Thread.currentThread().getName());
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(7, ((java.util.concurrent.ThreadPoolExecutor) pool).getQueue().size(), "three at work, seven queued");
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(3, most.get());
        assertEquals(3, factory.made.get(), "the factory made every thread, and only three");
        assertTrue(threads.stream().allMatch(name -> name.startsWith("managed-")), threads.toString());
        pool.shutdownNow();
    }

    @Test
    void aScheduledPoolRunsLaterOnTheFactorysThreadsAndForgetsCancelledTasks() throws Exception {
        CountingFactory factory = new CountingFactory();
        ScheduledExecutorService pool = ContextPools.scheduled(factory, 2);
        CountDownLatch ran = new CountDownLatch(1);
        String[] thread = new String[1];
        pool.schedule(() -> {
            thread[0] = Thread.currentThread().getName();
            ran.countDown();
        }, 50, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> cancelled = pool.schedule(() -> { }, 1, TimeUnit.HOURS);
        cancelled.cancel(false);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue(thread[0].startsWith("managed-"), thread[0]);
        assertEquals(0, ((ScheduledThreadPoolExecutor) pool).getQueue().size(), "the cancelled task left the queue");
        pool.shutdownNow();
    }
}
