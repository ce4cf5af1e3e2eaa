package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daca.chatagent.dapr.ActorStateClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Which keys loading a conversation reads, against actor state kept in a map. */
class ConversationStoreTest {

    /** Actor state in memory: what daprd would hold for one actor type; records the keys read. */
    private static final class StateInMemory extends ActorStateClient {
        final Map<String, byte[]> values = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public Mono<byte[]> get(String actorType, String actorId, String key) {
            reads.add(key);
            return Mono.justOrEmpty(values.get(actorId + "||" + key));
        }

        @Override
        public Mono<Void> commit(String actorType, String actorId, Map<String, byte[]> upserts) {
            upserts.forEach((key, value) -> values.put(actorId + "||" + key, value));
            return Mono.empty();
        }
    }

    private final StateInMemory state = new StateInMemory();
    private final ConversationStore store = new ConversationStore();

    ConversationStoreTest() {
        store.state = state;
    }

    @Test
    void aNewUserCostsOneReadAndHasAnEmptyConversation() {
        Conversation loaded = store.load("alice").block();
        assertEquals(List.of(), loaded.history());
        assertEquals(0, loaded.lastSeq());
        assertTrue(loaded.outbox().isEmpty());
        assertEquals(List.of("history-alice"), state.reads);
    }

    @Test
    void aUserWithCommittedExchangesIsReadWholeOutboxIncluded() {
        Conversation after = Conversation.empty().after(new ChatMessage("user", "hi"), ChatMessage.assistant("Got your message: hi"),
                5, "alice", "default");
        store.commit("alice", after, null).block();
        state.reads.clear();

        Conversation loaded = store.load("alice").block();
        assertEquals(after.history(), loaded.history());
        assertEquals(after.lastSeq(), loaded.lastSeq());
        assertEquals(after.outbox().events(), loaded.outbox().events());
        assertEquals(List.of("history-alice", ConversationStore.SEQ_KEY, ConversationStore.OUTBOX_KEY), state.reads);
    }

    @Test
    void anEmptyHistoryStillHasItsSeqAndOutboxRead() {
        Conversation after = new Conversation(List.of(), 3, Outbox.empty());
        store.commit("carol", after, null).block();
        state.reads.clear();

        Conversation loaded = store.load("carol").block();
        assertEquals(List.of(), loaded.history());
        assertEquals(3, loaded.lastSeq(), "an empty list is a history: the seq behind it counts");
        assertEquals(List.of("history-carol", ConversationStore.SEQ_KEY, ConversationStore.OUTBOX_KEY), state.reads);
    }

    @Test
    void aHistoryWrittenByThePythonAgentAloneIsRead() {
        state.values.put("bob||history-bob",
                "[{\"role\":\"user\",\"content\":\"hello\"}]".getBytes(StandardCharsets.UTF_8));
        Conversation loaded = store.load("bob").block();
        assertEquals(List.of(new ChatMessage("user", "hello")), loaded.history());
        assertEquals(0, loaded.lastSeq());
        assertTrue(loaded.outbox().isEmpty());
        assertEquals(List.of("history-bob", ConversationStore.SEQ_KEY), state.reads, "no seq: no outbox to read");
    }
}
