package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final ChatMessage HI = new ChatMessage("user", "Hi there");
    private static final ChatMessage REPLY = ConversationHistory.replyTo(HI);

    @Test
    void anExchangeIsRecordedNumberedAndQueued() {
        Conversation after = Conversation.empty().after(HI, REPLY, 5, "user1", "prod");

        assertEquals(List.of(HI, REPLY), after.history());
        assertEquals(1, after.lastSeq());
        ConversationEvent event = after.lastEvent();
        assertEquals(new ConversationEvent("user1", "history-user1", "ChatAgent", "ConversationUpdated", HI, REPLY, 1,
                "prod"), event);
        assertEquals(List.of(event), after.outbox().events());
    }

    @Test
    void eventsAreNumberedOnFromTheLastSeqAndQueuedBehindUnpublishedOnes() {
        Conversation conversation = Conversation.empty();
        for (int i = 0; i < 3; i++) {
            conversation = conversation.after(HI, REPLY, 5, "u", "default");
        }
        assertEquals(3, conversation.lastSeq());
        assertEquals(List.of(1L, 2L, 3L), conversation.outbox().events().stream().map(ConversationEvent::seq).toList());

        Conversation published = new Conversation(conversation.history(), conversation.lastSeq(),
                conversation.outbox().afterPublishing(3));
        assertEquals(4, published.after(HI, REPLY, 5, "u", "default").lastEvent().seq());
    }

    @Test
    void theHistoryIsTrimmedToTheWindowAfterAppendingBoth() {
        Conversation conversation = Conversation.empty();
        for (int i = 1; i <= 3; i++) {
            ChatMessage message = new ChatMessage("user", "m" + i);
            conversation = conversation.after(message, ConversationHistory.replyTo(message), 5, "u", "default");
        }
        assertEquals(5, conversation.history().size());
        assertEquals("Got your message: m1", conversation.history().get(0).content());
        assertEquals("m3", conversation.history().get(3).content());
    }

    @Test
    void refusesANegativeSequence() {
        assertThrows(IllegalArgumentException.class, () -> new Conversation(List.of(), -1, Outbox.empty()));
    }

    @Test
    void hasNoLastEventBeforeAnExchange() {
        assertThrows(IllegalStateException.class, () -> Conversation.empty().lastEvent());
    }
}
