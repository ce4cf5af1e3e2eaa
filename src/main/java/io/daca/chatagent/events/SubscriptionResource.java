package io.daca.chatagent.events;

import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.dapr.DaprCallback;
import io.daca.chatagent.web.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The app's one subscription, served to daprd at {@code /dapr/subscribe} (there is no declarative
 * subscription for this topic in components/), naming the routes daprd delivers to. Daprd reads it
 * once; the deliveries themselves arrive on {@link EventDeliveryServlet}.
 */
@Path("/")
@ApplicationScoped
@Tag(name = "events")
@DaprCallback
public class SubscriptionResource {

    static final String ROUTE = "/subscribe";
    static final String UNTYPED_ROUTE = "/subscribe/untyped";
    static final String DEAD_LETTER_ROUTE = "/subscribe/dead-letter";

    @Inject
    EventSettings settings;

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
        if (settings.bulk()) {
            // Each route then gets {"entries":[...]} and answers {"statuses":[...]} (EventDeliveryServlet);
            // daprd redelivers the RETRY entries and dead-letters the DROP ones, entry by entry.
            events = JsonValues.object(events).add("bulkSubscribe", JsonValues.object()
                    .add("enabled", true)
                    .add("maxMessagesCount", settings.bulkMaxMessages())
                    .add("maxAwaitDurationMs", settings.bulkMaxAwait().toMillis())).build();
        }
        JsonObject deadLetters = JsonValues.object()
                .add("pubsubname", settings.pubsubName())
                .add("topic", settings.deadLetterTopic())
                .add("routes", JsonValues.object().add("default", DEAD_LETTER_ROUTE))
                .build();
        return JsonValues.array().add(events).add(deadLetters).build();
    }
}
