package io.daca.chatagent.chat;

import io.dapr.actors.ActorMethod;
import io.dapr.actors.ActorType;
import reactor.core.publisher.Mono;

/**
 * What this service asks of a ChatAgent beyond the interoperable contract. Same actor type as
 * {@link ChatAgent}, kept in its own interface so that contract (ProcessMessage,
 * GetConversationHistory) stays exactly the reference's.
 */
@ActorType(name = ChatAgent.TYPE)
public interface ChatAgentOperations {

    /** The id of the app instance hosting this actor (Dapr placement chose it). */
    @ActorMethod(name = "GetHost", returns = String.class)
    Mono<String> getHost();

    /**
     * ProcessMessage with an idempotency key: a key the actor has answered recently gets that
     * first answer again, and nothing is stored or published twice.
     */
    @ActorMethod(name = "ProcessMessageOnce", returns = ChatMessage.class)
    Mono<ChatMessage> processMessageOnce(ChatRequest request);

    /**
     * Publishes (a slice of) what the outbox holds and answers how many events are still waiting.
     * The outbox sweeper calls it for actors listed as having pending events.
     */
    @ActorMethod(name = "FlushOutbox", returns = Integer.class)
    Mono<Integer> flushOutbox();

    /**
     * Puts one of this actor's events back into its outbox and publishes it again: the event came
     * back as a dead letter (it was delivered but could not be counted). Answers how many events
     * are still waiting.
     */
    @ActorMethod(name = "Requeue", returns = Integer.class)
    Mono<Integer> requeue(ConversationEvent event);
}
