package io.daca.chatagent.events;

import io.daca.chatagent.analytics.AnalyticsStore;
import io.daca.chatagent.analytics.Deliveries;
import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.config.InstanceSettings;
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
    public Ack conversationUpdated(String body) {
        return handle(ROUTE, body);
    }

    @POST
    @Path("subscribe/untyped")
    @Consumes({CLOUD_EVENTS_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Handle a user-chat event of another CloudEvent type (the default route)")
    public Ack untyped(String body) {
        return handle(UNTYPED_ROUTE, body);
    }

    @POST
    @Path("subscribe/dead-letter")
    @Consumes({CLOUD_EVENTS_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log an event Dapr dead-lettered after it was dropped")
    public Ack deadLetter(String body) {
        delivered(DEAD_LETTER_ROUTE);
        LOG.warning(() -> "Dead-lettered event: " + abbreviate(body));
        return Ack.success("logged");
    }

    private Ack handle(String route, String body) {
        delivered(route);
        ReceivedEvent event;
        try {
            event = ReceivedEvent.parse(body == null ? "" : body);
        } catch (ReceivedEvent.MalformedEventException e) {
            LOG.warning(() -> "Dropping malformed event on " + route + ": " + e.getMessage() + ": " + abbreviate(body));
            return new Ack("DROP", e.getMessage());
        }
        if (event.namespace() != null && !event.namespace().equals(instance.namespace())) {
            LOG.warning(() -> "Dropping event of namespace '" + event.namespace() + "' in namespace '"
                    + instance.namespace() + "' for user " + event.actorId());
            return new Ack("DROP", "event belongs to namespace " + event.namespace());
        }
        // Message text is personal data: never above FINE.
        LOG.fine(() -> "Received event: User " + event.actorId() + " sent '" + event.input() + "', got '"
                + event.output() + "'");
        try {
            AnalyticsStore.Outcome outcome = analytics.record(event.countable());
            return Ack.success(outcome == AnalyticsStore.Outcome.COUNTED ? "counted" : "duplicate, not counted again");
        } catch (AnalyticsStore.AnalyticsUnavailableException e) {
            LOG.warning(() -> "Asking Dapr to redeliver the event of user " + event.actorId() + ": " + e.getMessage());
            return new Ack("RETRY", e.getMessage());
        }
    }

    private void delivered(String route) {
        deliveries.received(route);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
