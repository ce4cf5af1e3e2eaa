package io.daca.chatagent.chat;

import io.dapr.actors.ActorMethod;
import io.dapr.actors.ActorType;
import reactor.core.publisher.Mono;

/** The ChatAgent actor type: one actor per user, holding that user's conversation. */
@ActorType(name = ChatAgent.TYPE)
public interface ChatAgent {

    String TYPE = "ChatAgent";

    /** Appends the message and the agent's reply to the history and returns the reply. */
    @ActorMethod(name = "ProcessMessage", returns = ChatMessage.class)
    Mono<ChatMessage> processMessage(ChatMessage message);

    /**
     * The stored history, oldest first (at most the configured window). An array, not a List:
     * the proxy needs a concrete element type to deserialise the JSON answer.
     */
    @ActorMethod(name = "GetConversationHistory", returns = ChatMessage[].class)
    Mono<ChatMessage[]> getConversationHistory();
}
