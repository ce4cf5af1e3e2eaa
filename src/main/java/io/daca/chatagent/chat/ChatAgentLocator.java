package io.daca.chatagent.chat;

import io.dapr.actors.ActorMethod;
import io.dapr.actors.ActorType;
import reactor.core.publisher.Mono;

/**
 * Where a ChatAgent runs. Same actor type as {@link ChatAgent}, kept in its own interface so the
 * interoperable contract (ProcessMessage, GetConversationHistory) stays exactly the reference's.
 */
@ActorType(name = ChatAgent.TYPE)
public interface ChatAgentLocator {

    /** The id of the app instance hosting this actor (Dapr placement chose it). */
    @ActorMethod(name = "GetHost", returns = String.class)
    Mono<String> getHost();
}
