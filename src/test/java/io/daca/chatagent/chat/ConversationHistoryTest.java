package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {

    private static final ChatMessage HI = new ChatMessage("user", "Hi there");

    @Test
    void replyAndKeyMatchTheReference() {
        assertEquals(ChatMessage.assistant("Got your message: Hi there"), ConversationHistory.replyTo(HI));
        assertEquals("history-user1", ConversationHistory.stateKey("user1"));
    }

    @Test
    void appendsMessageThenReply() {
        List<ChatMessage> history = ConversationHistory.append(List.of(), HI, ConversationHistory.replyTo(HI), 5);
        assertEquals(List.of(HI, ChatMessage.assistant("Got your message: Hi there")), history);
    }

    @Test
    void trimsToTheNewestEntriesAfterAppendingBoth() {
        List<ChatMessage> history = new ArrayList<>();
        for (String text : List.of("one", "two", "three")) {
            ChatMessage message = new ChatMessage("user", text);
            history = ConversationHistory.append(history, message, ConversationHistory.replyTo(message), 5);
        }
        assertEquals(List.of(
                ChatMessage.assistant("Got your message: one"),
                new ChatMessage("user", "two"), ChatMessage.assistant("Got your message: two"),
                new ChatMessage("user", "three"), ChatMessage.assistant("Got your message: three")), history);
    }

    @Test
    void windowOfOneKeepsOnlyTheReply() {
        assertEquals(List.of(ConversationHistory.replyTo(HI)),
                ConversationHistory.append(List.of(), HI, ConversationHistory.replyTo(HI), 1));
    }
}
