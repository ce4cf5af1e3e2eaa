package io.daca.chatagent.events;

import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.chat.ConversationEvents;
import io.daca.chatagent.config.EventSettings;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Publishes ConversationUpdated events to the configured pubsub and topic, with the CloudEvent
 * type set so the subscription's routing rule on {@code event.type} matches. Bounded by
 * {@code events.publish-timeout-ms}: a failed publish stays in the actor's outbox and is retried,
 * so waiting long here would only hold up the actor.
 */
@ApplicationScoped
public class DaprConversationEvents implements ConversationEvents {

    @Inject
    DaprClient dapr;

    @Inject
    EventSettings settings;

    @Override
    public Mono<Void> publish(ConversationEvent event) {
        PublishEventRequest request = new PublishEventRequest(settings.pubsubName(), settings.topic(), event)
                .setContentType("application/json")
                .setMetadata(Map.of("cloudevent.type", ConversationEvent.TYPE));
        return dapr.publishEvent(request).timeout(settings.publishTimeout());
    }
}
