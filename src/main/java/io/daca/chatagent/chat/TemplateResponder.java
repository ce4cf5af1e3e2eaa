package io.daca.chatagent.chat;

import java.util.List;
import reactor.core.publisher.Mono;

/** The reference's answer, {@code Got your message: <content>}: the default responder. */
public final class TemplateResponder implements Responder {

    @Override
    public Mono<Answer> answer(List<ChatMessage> history, ChatMessage message) {
        return Mono.just(Answer.of(ConversationHistory.replyTo(message)));
    }
}
