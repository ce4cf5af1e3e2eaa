package io.daca.chatagent.events;

import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The executor subscriber work runs on: blocking state-store calls and retries, never on the
 * HTTP request threads that daprd's actor callbacks need. At most {@link #MAX_ASYNC} deliveries
 * are worked on at once; more wait in its queue (daprd waits for their answers).
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = EventWork.JNDI_NAME, maxAsync = EventWork.MAX_ASYNC)
public class EventWork {

    static final String JNDI_NAME = "java:app/concurrent/EventWork";
    static final int MAX_ASYNC = 8;
}
