package io.daca.chatagent.it.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What daprd reports at {@code GET /v1.0/metadata}, the parts the harness looks at (daprd 1.17's
 * field names; anything else in the answer is ignored).
 *
 * @param id             the app id
 * @param runtimeVersion daprd's version
 * @param actorRuntime   the state of daprd's actor runtime
 * @param components     the components daprd loaded
 * @param subscriptions  the pub/sub subscriptions daprd loaded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Metadata(String id, String runtimeVersion, ActorRuntime actorRuntime, List<Component> components,
                       List<Subscription> subscriptions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Metadata {
        actorRuntime = actorRuntime != null ? actorRuntime : new ActorRuntime(null, false, null, null);
        components = components != null ? List.copyOf(components) : List.of();
        subscriptions = subscriptions != null ? List.copyOf(subscriptions) : List.of();
    }

    public static Metadata parse(String json) {
        try {
            return JSON.readValue(json, Metadata.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("daprd's metadata is not what the harness expects: " + json, e);
        }
    }

    /**
     * @param runtimeStatus INITIALIZING, DISABLED or RUNNING
     * @param hostReady     whether this daprd is ready to host actors
     * @param placement     the placement connection, e.g. "placement: connected"
     * @param activeActors  the actor types this daprd hosts, with how many are active
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActorRuntime(String runtimeStatus, boolean hostReady, String placement,
                               List<ActiveActors> activeActors) {

        public ActorRuntime {
            activeActors = activeActors != null ? List.copyOf(activeActors) : List.of();
        }

        public boolean placementConnected() {
            return "placement: connected".equals(placement);
        }

        /** Whether the app registered this actor type with daprd. */
        public boolean hosts(String actorType) {
            return activeActors.stream().anyMatch(actors -> actorType.equals(actors.type()));
        }

        /** The active actors of every type. */
        public long activeActorCount() {
            return activeActors.stream().mapToLong(ActiveActors::count).sum();
        }
    }

    /** An actor type and how many of its actors are active here (daprd leaves out a count of 0). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActiveActors(String type, int count) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Component(String name, String type, String version, List<String> capabilities) {

        public Component {
            capabilities = capabilities != null ? List.copyOf(capabilities) : List.of();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subscription(String pubsubname, String topic, String deadLetterTopic, String type) {
    }
}
