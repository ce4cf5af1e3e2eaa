package io.daca.chatagent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daca.chatagent.chat.TokenUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReceivedEventTest {

    private static final String DATA = "{\"actor_id\":\"user1\",\"history_key\":\"history-user1\",\"actor_type\":\"ChatAgent\","
            + "\"event_type\":\"ConversationUpdated\",\"input\":{\"role\":\"user\",\"content\":\"Hi there\"},"
            + "\"output\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}";

    @Test
    void readsDataAsAnObjectWithSeqAndNamespace() {
        ReceivedEvent event = ReceivedEvent.parse("{\"id\":\"e1\",\"type\":\"ConversationUpdated\",\"data\":"
                + DATA + ",\"seq\":3,\"namespace\":\"prod\"}}");
        assertEquals("user1", event.actorId());
        assertEquals("Hi there", event.input());
        assertEquals("Got your message: Hi there", event.output());
        assertEquals(3, event.seq().getAsLong());
        assertEquals("prod", event.namespace());
        assertEquals("e1", event.cloudEventId());
    }

    @Test
    void readsDataAsAJsonStringAsThePythonReferencePublishesIt() {
        String quoted = (DATA + "}").replace("\"", "\\\"");
        ReceivedEvent event = ReceivedEvent.parse("{\"id\":\"py-1\",\"data\":\"" + quoted + "\"}");
        assertEquals("user1", event.actorId());
        assertTrue(event.seq().isEmpty());
        assertEquals("py-1", event.cloudEventId());
    }

    @Test
    void fillsMissingPartsLikeTheReference() {
        ReceivedEvent event = ReceivedEvent.parse("{\"id\":\"x\",\"data\":{\"actor_id\":\"u\"}}");
        assertEquals("no message", event.input());
        assertEquals("no response", event.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"id\":\"x\"}", "{\"id\":\"x\",\"data\":null}",
            "{\"id\":\"x\",\"data\":\"not json\"}", "{\"id\":\"x\",\"data\":42}", "{\"id\":\"x\",\"data\":{}}",
            "{\"id\":\"x\",\"data\":{\"actor_id\":\"\"}}", "{\"id\":\"x\",\"data\":{\"actor_id\":\"u\",\"seq\":0}}",
            "{\"id\":\"x\",\"data\":{\"actor_id\":\"u\",\"seq\":\"1\"}}", "{\"data\":{\"actor_id\":\"u\"}}",
            "{\"id\":\"x\",\"data\":\"[1]\"}"})
    void rejectsDataThatCanNeverBeHandled(String body) {
        assertThrows(ReceivedEvent.MalformedEventException.class, () -> ReceivedEvent.parse(body));
    }

    @Test
    void readsTheTokenUsageAndKeepsItInTheOriginalEvent() {
        ReceivedEvent event = ReceivedEvent.parse("{\"id\":\"e1\",\"data\":" + DATA + ",\"seq\":3,\"namespace\":\"prod\","
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}}");
        TokenUsage usage = new TokenUsage(12, 5, 17);
        assertEquals(usage, event.usage());
        assertEquals(usage, event.countable().usage());
        assertEquals(usage, event.original().orElseThrow().usage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"usage\":null", ",\"usage\":7", ",\"usage\":{}",
            ",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":-1,\"total_tokens\":0}",
            ",\"usage\":{\"prompt_tokens\":1.5,\"completion_tokens\":1,\"total_tokens\":2}",
            ",\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}"})
    void anEventWithoutWellFormedUsageIsCountedWithout(String usage) {
        ReceivedEvent event = ReceivedEvent.parse("{\"id\":\"e1\",\"data\":" + DATA + ",\"seq\":3" + usage + "}}");
        assertNull(event.usage());
        assertEquals(3, event.countable().seq().getAsLong());
        assertNull(event.original().orElseThrow().usage());
    }
}
