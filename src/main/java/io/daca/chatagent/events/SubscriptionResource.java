package io.daca.chatagent.events;

import io.daca.chatagent.analytics.AnalyticsStore;
import io.daca.chatagent.analytics.Deliveries;
import io.daca.chatagent.chat.ChatAgentOperations;
import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.chat.UserId;
import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.web.ApiException;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorProxyBuilder;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import io.daca.chatagent.dapr.DaprCallback;
import io.daca.chatagent.web.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The app's one subscription, served to daprd at {@code /dapr/subscribe} (there is no declarative
 * subscription for this topic in components/), and the routes daprd delivers to.
 *
 * <p>Answers follow Dapr's contract: {@code SUCCESS} when handled (counted, or a duplicate),
 * {@code RETRY} when the state store failed (Dapr redelivers), {@code DROP} for data that can never
 * be handled (Dapr moves it to the dead-letter topic instead of redelivering it forever).
 */
@Path("/")
@ApplicationScoped
@Tag(name = "events")
@DaprCallback
public class SubscriptionResource {

    static final String ROUTE = "/subscribe";
    static final String UNTYPED_ROUTE = "/subscribe/untyped";
    static final String DEAD_LETTER_ROUTE = "/subscribe/dead-letter";
    private static final String CLOUD_EVENTS_JSON = "application/cloudevents+json";
    private static final Logger LOG = Logger.getLogger(SubscriptionResource.class.getName());

    @Inject
    EventSettings settings;

    @Inject
    InstanceSettings instance;

    @Inject
    AnalyticsStore analytics;

    @Inject
    Deliveries deliveries;

    @Inject
    ChatSettings chat;

    @Inject
    DaprSettings dapr;

    @Inject
    ActorProxyBuilder<ChatAgentOperations> actors;

    @Resource(lookup = EventWork.JNDI_NAME)
    ManagedExecutorService executor;

    /** An event to handle, or why it is dropped. */
    private record Accepted(ReceivedEvent event, String dropReason) {
        static Accepted drop(String reason) {
            return new Accepted(null, reason);
        }
    }

    @JsonbPropertyOrder({"status", "detail"})
    public record Ack(String status, String detail) {
        static Ack success(String detail) {
            return new Ack("SUCCESS", detail);
        }
    }

    /**
     * ConversationUpdated events take the rule's route; events of another type (the Python
     * reference publishes with the default CloudEvent type) take the default route and are
     * handled the same way; what is dropped lands on the dead-letter topic, which is subscribed
     * too so it shows in the log.
     */
    @GET
    @Path("dapr/subscribe")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The subscriptions daprd reads at start-up")
    public JsonArray subscriptions() {
        JsonObject events = JsonValues.object()
                .add("pubsubname", settings.pubsubName())
                .add("topic", settings.topic())
                .add("routes", JsonValues.object()
                        .add("rules", JsonValues.array().add(JsonValues.object()
                                .add("match", "event.type == \"" + ConversationEvent.TYPE + "\"")
                                .add("path", ROUTE)))
                        .add("default", UNTYPED_ROUTE))
                .add("deadLetterTopic", settings.deadLetterTopic())
                .build();
        JsonObject deadLetters = JsonValues.object()
                .add("pubsubname", settings.pubsubName())
                .add("topic", settings.deadLetterTopic())
                .add("routes", JsonValues.object().add("default", DEAD_LETTER_ROUTE))
                .build();
        return JsonValues.array().add(events).add(deadLetters).build();
    }

    @POST
    @Path("subscribe")
    @Consumes({CLOUD_EVENTS_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Handle a ConversationUpdated CloudEvent (the routing rule's route)")
    public CompletionStage<Ack> conversationUpdated(String body) {
        return off(() -> handle(ROUTE, body));
    }

    @POST
    @Path("subscribe/untyped")
    @Consumes({CLOUD_EVENTS_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Handle a user-chat event of another CloudEvent type (the default route)")
    public CompletionStage<Ack> untyped(String body) {
        return off(() -> handle(UNTYPED_ROUTE, body));
    }

    /**
     * An event Dapr gave up on: dropped as malformed (it stays dropped, logged and counted under
     * its answer), or delivered until the retries ran out while analytics could not count it. The
     * latter goes back into its actor's outbox (durable, retried by the outbox sweeper with
     * backoff, published again and counted once by its seq); an event without a seq (the Python
     * reference's) is counted here if analytics can, or redelivered.
     */
    @POST
    @Path("subscribe/dead-letter")
    @Consumes({CLOUD_EVENTS_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take back an event Dapr dead-lettered")
    public CompletionStage<Ack> deadLetter(String body) {
        return off(() -> handleDeadLetter(body));
    }

    /** Subscriber work (blocking state calls) runs on its own executor, never on a request thread. */
    private CompletionStage<Ack> off(Supplier<Ack> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }

    private Ack handle(String route, String body) {
        deliveries.received(route);
        Accepted accepted = accept(route, body);
        if (accepted.event() == null) {
            return answered(route, new Ack("DROP", accepted.dropReason()));
        }
        return answered(route, count(accepted.event()));
    }

    private Ack handleDeadLetter(String body) {
        deliveries.received(DEAD_LETTER_ROUTE);
        Accepted accepted = accept(DEAD_LETTER_ROUTE, body);
        if (accepted.event() == null) {
            return answered(DEAD_LETTER_ROUTE, new Ack("DROP", accepted.dropReason()));
        }
        ReceivedEvent event = accepted.event();
        if (event.original().isEmpty()) {
            return answered(DEAD_LETTER_ROUTE, count(event));
        }
        try {
            int waiting = actors.build(new ActorId(event.actorId())).requeue(event.original().get())
                    .block(dapr.actorCallTimeout());
            LOG.info(() -> "Dead letter of user " + event.actorId() + " (seq " + event.seq().getAsLong()
                    + ") is back in its outbox; " + waiting + " event(s) waiting there");
            return answered(DEAD_LETTER_ROUTE, Ack.success("requeued in the actor's outbox"));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Asking Dapr to redeliver the dead letter of user " + event.actorId() + ": " + e.getMessage());
            return answered(DEAD_LETTER_ROUTE, new Ack("RETRY", "could not requeue: " + e.getMessage()));
        }
    }

    /** The event if it is one to handle, or (logged) why it must be dropped. */
    private Accepted accept(String route, String body) {
        ReceivedEvent event;
        try {
            event = ReceivedEvent.parse(body == null ? "" : body);
            UserId.parse(event.actorId(), chat.maxActorIdLength());
        } catch (ReceivedEvent.MalformedEventException | ApiException e) {
            LOG.warning(() -> "Dropping malformed event on " + route + ": " + abbreviate(e.getMessage()));
            // The body may hold message text, which is personal data: never above FINE.
            LOG.fine(() -> "The malformed event: " + abbreviate(body));
            return Accepted.drop(e.getMessage());
        }
        if (event.namespace() != null && !event.namespace().equals(instance.namespace())) {
            LOG.warning(() -> "Dropping event of namespace '" + event.namespace() + "' in namespace '"
                    + instance.namespace() + "' for user " + event.actorId());
            return Accepted.drop("event belongs to namespace " + event.namespace());
        }
        // Message text is personal data: never above FINE.
        LOG.fine(() -> "Received event on " + route + ": User " + event.actorId() + " sent '" + event.input()
                + "', got '" + event.output() + "'");
        return new Accepted(event, null);
    }

    private Ack count(ReceivedEvent event) {
        try {
            AnalyticsStore.Outcome outcome = analytics.record(event.countable());
            return Ack.success(outcome == AnalyticsStore.Outcome.COUNTED ? "counted" : "duplicate, not counted again");
        } catch (AnalyticsStore.AnalyticsUnavailableException e) {
            LOG.warning(() -> "Asking Dapr to redeliver the event of user " + event.actorId() + ": " + e.getMessage());
            return new Ack("RETRY", e.getMessage());
        }
    }

    private Ack answered(String route, Ack ack) {
        deliveries.answered(route, ack.status());
        return ack;
    }

    /** A body for the log: one line, at most 300 characters, control characters escaped. */
    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        String cut = oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
        StringBuilder escaped = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
