package io.daca.chatagent.chat;

import reactor.core.publisher.Mono;

/**
 * The timer callback of {@link ChatAgentActor}. The SDK only dispatches to methods declared on an
 * interface the actor implements; kept apart from {@link ChatAgent} so clients never see it.
 */
public interface OutboxRetryTimer {

    Mono<Void> retryOutbox(String unused);
}
