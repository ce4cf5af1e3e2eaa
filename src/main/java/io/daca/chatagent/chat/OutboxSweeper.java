package io.daca.chatagent.chat;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.observe.AppMetrics;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorProxyBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code events.outbox-sweep-period}, reads {@link PendingOutboxes} and asks each listed
 * actor to flush its outbox (through daprd, so the call reaches the actor wherever placement put
 * it, activating it if needed). An actor that still cannot publish is asked again later, each
 * time twice as late up to {@code events.outbox-max-backoff}. Every instance sweeps every
 * partition: flushing is turn-based and idempotent, so doing it twice costs a call, nothing more.
 * Runs on the managed scheduler, never on a request thread.
 */
@ApplicationScoped
public class OutboxSweeper {

    private static final Logger LOG = Logger.getLogger(OutboxSweeper.class.getName());
    private static final int CONCURRENT_FLUSHES = 8;
    private static final int ACTORS_PER_SWEEP = 1000;

    private record Failures(int count, Instant notBefore) {
    }

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PendingOutboxes pending;

    @Inject
    ActorProxyBuilder<ChatAgentOperations> actors;

    @Inject
    EventSettings settings;

    @Inject
    DaprSettings dapr;

    @Inject
    AppMetrics metrics;

    /** Actors listed with unpublished events at the last sweep. */
    private volatile int listedAtLastSweep;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private RetryBackoff backoff;
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        backoff = new RetryBackoff(settings.outboxSweepPeriod(), settings.outboxMaxBackoff());
        long period = settings.outboxSweepPeriod().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        metrics.gauge("outbox_pending_actors", "Actors listed with unpublished events (outbox entries waiting for the "
                + "pubsub) at the last sweep", () -> listedAtLastSweep);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void sweep() {
        List<String> listed;
        try {
            listed = pending.all();
        } catch (RuntimeException e) {
            LOG.fine(() -> "Outbox sweep skipped, the pending list is unreadable: " + e.getMessage());
            return;
        }
        listedAtLastSweep = listed.size();
        failures.keySet().retainAll(listed);
        Instant now = Instant.now();
        List<String> due = listed.stream()
                .filter(id -> failures.getOrDefault(id, new Failures(0, now)).notBefore().compareTo(now) <= 0)
                .limit(ACTORS_PER_SWEEP)
                .toList();
        if (due.isEmpty()) {
            return;
        }
        LOG.fine(() -> "Outbox sweep: " + due.size() + " of " + listed.size() + " listed actors are due");
        try {
            Flux.fromIterable(due).flatMap(this::flush, CONCURRENT_FLUSHES)
                    .blockLast(dapr.actorCallTimeout().multipliedBy(due.size() / CONCURRENT_FLUSHES + 2L));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Outbox sweep cut short", e);
        }
    }

    private Mono<Void> flush(String actorId) {
        return actors.build(new ActorId(actorId)).flushOutbox()
                .timeout(dapr.actorCallTimeout())
                .doOnNext(left -> {
                    metrics.outboxFlush(left == 0);
                    if (left == 0) {
                        failures.remove(actorId);
                    } else {
                        failed(actorId);
                    }
                })
                .onErrorResume(error -> {
                    metrics.outboxFlush(false);
                    failed(actorId);
                    LOG.fine(() -> "Outbox of " + actorId + " not flushed yet: " + error.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    private void failed(String actorId) {
        failures.compute(actorId, (id, before) -> {
            int count = before == null ? 1 : before.count() + 1;
            return new Failures(count, backoff.nextAttempt(Instant.now(), count));
        });
    }
}
