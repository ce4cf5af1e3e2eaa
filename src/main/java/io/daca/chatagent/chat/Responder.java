package io.daca.chatagent.chat;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * How a ChatAgent answers a message ({@code chat.responder}): the reference's template, or a
 * language model. Called inside the actor's turn, before anything is written: a failure (a
 * {@link ModelFailure}) leaves the conversation as it was.
 */
public interface Responder {

    /** The reply, and what it cost if the answer says so. */
    record Answer(ChatMessage reply, TokenUsage usage) {

        public Answer {
            if (reply == null) {
                throw new IllegalArgumentException("an answer needs a reply");
            }
        }

        public static Answer of(ChatMessage reply) {
            return new Answer(reply, null);
        }
    }

    /**
     * The answer to {@code message}, given the stored conversation so far ({@code history}, oldest
     * first, at most the window), which does not hold {@code message} yet.
     */
    Mono<Answer> answer(List<ChatMessage> history, ChatMessage message);
}
