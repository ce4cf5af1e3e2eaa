package io.daca.chatagent.work;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Thread pools whose threads come from the container's {@link ManagedThreadFactory}: a thread
 * takes the application's context (class loader, naming) once, when it is made, and every task
 * then costs what it costs on any pool.
 *
 * <p>Why not a {@code ManagedExecutorService}: it captures and restores the context for every
 * task, and Payara 6.2025.10's {@code ContextSetupProviderImpl.saveContext} runs a
 * {@code ServiceLoader} lookup through the web application's class loader each time (a jar scan
 * per task). Under the chat benchmark (1000 users, JFR) that was 17% of the app's CPU samples (55
 * of 326), 51 of them from the event deliveries handed to such an executor.
 */
public final class ContextPools {

    private static final long IDLE_SECONDS = 60;

    private ContextPools() {
    }

    /** At most {@code threads} tasks at once, the rest queued; idle threads end after a minute. */
    public static ExecutorService fixed(ManagedThreadFactory factory, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Delayed and periodic tasks on {@code threads} threads; a cancelled task leaves the queue at once. */
    public static ScheduledExecutorService scheduled(ManagedThreadFactory factory, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
