package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateResponderTest {

    @Test
    void answersExactlyAsTheReferenceWithoutUsage() {
        Responder.Answer answer = new TemplateResponder()
                .answer(List.of(new ChatMessage("user", "earlier")), new ChatMessage("user", "Hi there")).block();
        assertEquals(new ChatMessage("assistant", "Got your message: Hi there"), answer.reply());
        assertNull(answer.usage());
    }
}
