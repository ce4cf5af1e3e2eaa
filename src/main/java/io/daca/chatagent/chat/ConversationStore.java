package io.daca.chatagent.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daca.chatagent.dapr.ActorStateClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A ChatAgent's state in the actor state store, as plain JSON under four keys:
 * {@code history-{id}} (the message list, as the reference stores it), {@code event-seq},
 * {@code outbox} (the events not yet published) and, only for clients that send idempotency
 * keys, {@code requests}.
 */
@ApplicationScoped
public class ConversationStore {

    static final String SEQ_KEY = "event-seq";
    static final String OUTBOX_KEY = "outbox";
    static final String REQUESTS_KEY = "requests";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<ChatMessage>> HISTORY = new TypeReference<>() { };
    private static final TypeReference<List<ConversationEvent>> EVENTS = new TypeReference<>() { };

    @Inject
    ActorStateClient state;

    /**
     * The whole conversation, nothing written: the history first, then the seq only if there is a
     * history, then the outbox only if there is a seq. Every exchange commits history, seq and
     * outbox together (and nothing here writes a seq or an outbox without a history before it), so
     * an actor without a history never committed here: a new user costs one read, as an actor of the
     * Dapr SDK's own state manager does; most messages of a run over 100,000 users are such. A
     * history without a seq is one a Python ChatAgent of the same type wrote (it keeps only the
     * history): two reads, and no outbox to read. The price: a returning user's keys are read one
     * after the other, not side by side (three round trips to the sidecar instead of two).
     */
    public Mono<Conversation> load(String actorId) {
        return read(actorId, ConversationHistory.stateKey(actorId), HISTORY)
                .flatMap(history -> lastSeq(actorId).flatMap(seq -> withOutbox(actorId, history, seq)))
                .defaultIfEmpty(Conversation.empty());
    }

    /** The conversation with its outbox, read only when a seq says an exchange was committed. */
    private Mono<Conversation> withOutbox(String actorId, List<ChatMessage> history, long seq) {
        if (seq == 0) {
            return Mono.just(new Conversation(history, 0, Outbox.empty()));
        }
        return read(actorId, OUTBOX_KEY, EVENTS).defaultIfEmpty(List.of())
                .map(events -> new Conversation(history, seq, new Outbox(events)));
    }

    /** The sequence number of the actor's last committed exchange (0 before the first). */
    public Mono<Long> lastSeq(String actorId) {
        return read(actorId, SEQ_KEY, new TypeReference<Long>() { }).defaultIfEmpty(0L);
    }

    public Mono<RecentRequests> requests(String actorId) {
        return read(actorId, REQUESTS_KEY, new TypeReference<RecentRequests>() { }).defaultIfEmpty(RecentRequests.none());
    }

    /** The exchange (history, seq, outbox, and the answered request if any) in one transaction. */
    public Mono<Void> commit(String actorId, Conversation conversation, RecentRequests requests) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put(ConversationHistory.stateKey(actorId), bytes(conversation.history()));
        values.put(SEQ_KEY, bytes(conversation.lastSeq()));
        values.put(OUTBOX_KEY, bytes(conversation.outbox().events()));
        if (requests != null) {
            values.put(REQUESTS_KEY, bytes(requests));
        }
        return state.commit(ChatAgent.TYPE, actorId, values);
    }

    /** Only the outbox, after what it held went out. */
    public Mono<Void> commitOutbox(String actorId, Outbox outbox) {
        return state.commit(ChatAgent.TYPE, actorId, Map.of(OUTBOX_KEY, bytes(outbox.events())));
    }

    private <T> Mono<T> read(String actorId, String key, TypeReference<T> type) {
        return state.get(ChatAgent.TYPE, actorId, key).map(data -> {
            try {
                return JSON.readValue(data, type);
            } catch (IOException e) {
                throw new UncheckedIOException("actor " + actorId + ": state key " + key + " is not the JSON expected", e);
            }
        });
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
