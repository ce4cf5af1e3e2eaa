package io.daca.chatagent.analytics;

import io.daca.chatagent.observe.AppMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many event deliveries each subscription route received in this instance, and how they were
 * answered (SUCCESS, RETRY, DROP), for GET /analytics: dropped events stay visible here.
 */
@ApplicationScoped
public class Deliveries {

    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byAnswer = new ConcurrentHashMap<>();

    @Inject
    AppMetrics metrics;

    public void received(String route) {
        byRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    /** A bulk delivery arrived on a route (its entries are {@link #received} one by one). */
    public void batch(String route) {
        metrics.eventBatch(route);
    }

    public void answered(String route, String status) {
        byAnswer.computeIfAbsent(route + " " + status, r -> new LongAdder()).increment();
        metrics.eventAnswered(route, status);
    }

    /** "route STATUS" → answers so far, sorted. */
    public Map<String, Long> byAnswer() {
        Map<String, Long> counts = new TreeMap<>();
        byAnswer.forEach((answer, count) -> counts.put(answer, count.sum()));
        return counts;
    }

    /** Route → deliveries so far, sorted by route. */
    public Map<String, Long> byRoute() {
        Map<String, Long> counts = new TreeMap<>();
        byRoute.forEach((route, count) -> counts.put(route, count.sum()));
        return counts;
    }
}
