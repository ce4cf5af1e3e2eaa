package io.daca.chatagent.events;

import io.daca.chatagent.work.ContextPools;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The threads subscriber work runs on: blocking state-store calls and retries, never on the
 * HTTP request threads that daprd's actor callbacks need. At most {@link #MAX_ASYNC} deliveries
 * are worked on at once; more wait in its queue (daprd waits for their answers).
 */
@ApplicationScoped
public class EventWork {

    static final int MAX_ASYNC = 8;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        pool = ContextPools.fixed(threads, MAX_ASYNC);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    Executor executor() {
        return pool;
    }
}
