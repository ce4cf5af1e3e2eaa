package io.daca.chatagent.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.EtagRetry;
import io.daca.chatagent.dapr.EtagStore;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The durable list of ChatAgents whose outbox holds events they could not publish, one state
 * key per hash partition ({@code outbox-pending-{namespace}-{partition}}), in a plain state store
 * (not the actor store). An actor adds itself when a publish fails, before it answers; it removes
 * itself once its outbox is empty. {@link OutboxSweeper} reads the lists and asks each actor to
 * flush, so a pending event goes out without waiting for its user, across app and daprd
 * restarts and actor deactivation. Dapr reminders would do this, but they need the Scheduler
 * service, which cannot be built here (see docs/design.md).
 *
 * <p>The lists stay small: they hold only actors with unpublished events, which is nobody while
 * the pubsub works.
 */
@ApplicationScoped
public class PendingOutboxes {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ATTEMPTS = 20;

    /** One partition's actors with pending events, sorted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Members(@JsonProperty("actors") List<String> actors) {
        public Members {
            actors = actors == null ? List.of() : List.copyOf(actors);
        }

        static Members none() {
            return new Members(List.of());
        }

        Members with(String actorId) {
            if (actors.contains(actorId)) {
                return null;
            }
            TreeSet<String> more = new TreeSet<>(actors);
            more.add(actorId);
            return new Members(new ArrayList<>(more));
        }

        Members without(String actorId) {
            if (!actors.contains(actorId)) {
                return null;
            }
            List<String> fewer = new ArrayList<>(actors);
            fewer.remove(actorId);
            return new Members(fewer);
        }
    }

    @Inject
    DaprClient dapr;

    @Inject
    EventSettings settings;

    @Inject
    InstanceSettings instance;

    @Inject
    HashPartitioner partitioner;

    private EtagStore store;

    @PostConstruct
    void init() {
        store = new EtagStore(dapr, settings.outboxRegistryStore(), CALL_TIMEOUT, new EtagRetry(MAX_ATTEMPTS, Thread::sleep));
    }

    String key(int partition) {
        return "outbox-pending-" + instance.namespace() + "-" + partition;
    }

    /** Blocking; fails when the store does. */
    public void add(String actorId) {
        store.update(key(partitioner.partitionOf(actorId)), Members.class, Members.none(), m -> m.with(actorId),
                "list " + actorId + " as having pending events");
    }

    /** Blocking; fails when the store does. */
    public void remove(String actorId) {
        store.update(key(partitioner.partitionOf(actorId)), Members.class, Members.none(), m -> m.without(actorId),
                "unlist " + actorId);
    }

    /** Every listed actor, all partitions read in one call. */
    public List<String> all() {
        List<String> keys = IntStream.range(0, partitioner.partitionCount()).mapToObj(this::key).toList();
        Map<String, Members> lists = store.readAll(keys, Members.class);
        return keys.stream().flatMap(key -> lists.getOrDefault(key, Members.none()).actors().stream()).toList();
    }
}
