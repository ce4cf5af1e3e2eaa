package io.daca.chatagent.analytics;

import io.daca.chatagent.work.ContextPools;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads of analytics: the API's blocking store and sidecar calls ({@link #MAX_ASYNC} at
 * once), so slow or many {@code GET /analytics} calls never hold the HTTP request threads daprd's
 * actor callbacks need, and the two on which {@link AnalyticsStore} tidies counters and shards
 * after the events.
 */
@ApplicationScoped
public class AnalyticsWork {

    static final int MAX_ASYNC = 4;
    static final int CLEANUP_THREADS = 2;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService requests;
    private ScheduledExecutorService cleanup;

    @PostConstruct
    void start() {
        requests = ContextPools.fixed(threads, MAX_ASYNC);
        cleanup = ContextPools.scheduled(threads, CLEANUP_THREADS);
    }

    @PreDestroy
    void stop() {
        requests.shutdownNow();
        cleanup.shutdownNow();
    }

    Executor requests() {
        return requests;
    }

    ScheduledExecutorService cleanup() {
        return cleanup;
    }
}
