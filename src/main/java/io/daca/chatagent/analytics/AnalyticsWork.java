package io.daca.chatagent.analytics;

import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The executor the analytics API's blocking store and sidecar calls run on, so slow or many
 * {@code GET /analytics} calls never hold the HTTP request threads daprd's actor callbacks need.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = AnalyticsWork.JNDI_NAME, maxAsync = AnalyticsWork.MAX_ASYNC)
@ManagedScheduledExecutorDefinition(name = AnalyticsWork.CLEANUP_JNDI_NAME, maxAsync = 2)
public class AnalyticsWork {

    static final String JNDI_NAME = "java:app/concurrent/AnalyticsWork";
    static final int MAX_ASYNC = 4;

    /** Where {@link AnalyticsStore} tidies counters and shards after the events (two threads). */
    static final String CLEANUP_JNDI_NAME = "java:app/concurrent/AnalyticsCleanup";
}
