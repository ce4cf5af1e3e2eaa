package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

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
                "prod", null), event);
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
    void theEventCarriesTheAnswersTokenUsage() {
        TokenUsage usage = new TokenUsage(12, 5, 17);
        ConversationEvent event = Conversation.empty().after(HI, REPLY, usage, 5, "user1", "prod").lastEvent();
        assertEquals(usage, event.usage());
    }

    @Test
    void anEventWithoutUsageIsTheReferencesPayloadAndOneWithUsageAddsIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"actor_id\":\"user1\",\"history_key\":\"history-user1\",\"actor_type\":\"ChatAgent\","
                        + "\"event_type\":\"ConversationUpdated\",\"input\":{\"role\":\"user\",\"content\":\"Hi there\"},"
                        + "\"output\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"},"
                        + "\"seq\":1,\"namespace\":\"default\"}",
                json.writeValueAsString(Conversation.empty().after(HI, REPLY, 5, "user1", "default").lastEvent()));
        String withUsage = json.writeValueAsString(Conversation.empty()
                .after(HI, REPLY, new TokenUsage(12, 5, 17), 5, "user1", "default").lastEvent());
        assertTrue(withUsage.endsWith(",\"seq\":1,\"namespace\":\"default\","
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}"), withUsage);
        assertEquals(new TokenUsage(12, 5, 17), json.readValue(withUsage, ConversationEvent.class).usage());
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
