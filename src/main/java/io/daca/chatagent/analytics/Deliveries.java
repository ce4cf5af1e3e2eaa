package io.daca.chatagent.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many event deliveries each subscription route received in this instance (for GET /analytics). */
@ApplicationScoped
public class Deliveries {

    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();

    public void received(String route) {
        byRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    /** Route → deliveries so far, sorted by route. */
    public Map<String, Long> byRoute() {
        Map<String, Long> counts = new TreeMap<>();
        byRoute.forEach((route, count) -> counts.put(route, count.sum()));
        return counts;
    }
}
