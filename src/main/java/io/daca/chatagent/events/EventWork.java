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
 * The threads dead letters are taken back on: requeueing calls the event's actor, whose callback
 * needs one of this app's HTTP request threads, so it must not hold one while it waits. At most
 * {@link #MAX_ASYNC} at once; more wait in its queue (daprd waits for their answers). Counting a
 * delivered event needs no such pool (see {@link Subscriber#deliver}).
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
