package io.daca.chatagent.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application's own metrics, in the application registry (Payara serves them at
 * {@code /metrics} in Prometheus text, labelled {@code mp_scope="application"}). One method per
 * thing that happens; the classes where it happens call it. Names and meanings are listed in
 * docs/operations.md.
 */
@ApplicationScoped
public class AppMetrics {

    static final String MESSAGES = "chat_messages";
    static final String REQUESTS = "http_request_duration";
    static final String EVENTS = "events_answered";
    static final String BATCHES = "event_batches";
    static final String CONFLICTS = "analytics_etag_conflicts";
    static final String OUTBOX_FLUSHES = "outbox_sweeper_flushes";

    @Inject
    MetricRegistry registry;

    /** A chat message was answered 200 by this instance (stored, its reply returned). */
    public void messageAnswered() {
        counter(MESSAGES, "Chat messages answered 200 by this instance").inc();
    }

    /** A request to a resource method finished with a status, after {@code elapsed}. */
    public void requestFinished(String operation, int status, Duration elapsed) {
        // Written as http_request_duration_seconds_{count,sum,max,mean} and quantiles. Payara converts
        // the sum to seconds but writes max, mean and quantiles in nanoseconds, whatever the unit.
        Metadata metadata = Metadata.builder().withName(REQUESTS).withUnit(MetricUnits.SECONDS)
                .withDescription("Time from a request's arrival to its answer, by resource method and status").build();
        Timer timer = registry.timer(metadata, new Tag("operation", operation), new Tag("status", Integer.toString(status)));
        timer.update(elapsed);
    }

    /** The subscriber answered a delivered event SUCCESS, RETRY or DROP on a route. */
    public void eventAnswered(String route, String status) {
        registry.counter(Metadata.builder().withName(EVENTS)
                        .withDescription("Events delivered by Dapr and how this instance answered them").build(),
                new Tag("route", route), new Tag("status", status)).inc();
    }

    /** daprd delivered a batch of events (Dapr bulk subscribe) on a route. */
    public void eventBatch(String route) {
        registry.counter(Metadata.builder().withName(BATCHES)
                        .withDescription("Bulk deliveries of events by Dapr; events_answered counts their entries").build(),
                new Tag("route", route)).inc();
    }

    /** An analytics ETag write lost its race and is retried. */
    public void analyticsConflict() {
        counter(CONFLICTS, "Analytics writes that lost an optimistic-concurrency race (each is retried)").inc();
    }

    /** The outbox sweeper asked an actor to publish its pending events; {@code flushed}: none left. */
    public void outboxFlush(boolean flushed) {
        registry.counter(Metadata.builder().withName(OUTBOX_FLUSHES)
                        .withDescription("Outbox flushes by the sweeper: result=flushed (nothing left) or retry (events "
                                + "still waiting, tried again later)").build(),
                new Tag("result", flushed ? "flushed" : "retry")).inc();
    }

    /** A value read when scraped. */
    public void gauge(String name, String description, Supplier<? extends Number> value, Tag... tags) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                () -> value.get().doubleValue(), tags);
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }
}
