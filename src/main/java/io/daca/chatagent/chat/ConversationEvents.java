package io.daca.chatagent.chat;

import reactor.core.publisher.Mono;

/**
 * Where a ChatAgent sends its ConversationUpdated events. Owned here, by the caller; the Dapr
 * pub/sub implementation lives in {@code events}.
 */
public interface ConversationEvents {

    /** Completes once the pubsub accepted the event; fails (and the actor keeps it) otherwise. */
    Mono<Void> publish(ConversationEvent event);
}
