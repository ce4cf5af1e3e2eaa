package io.daca.chatagent.chat;

import java.util.List;

/**
 * One ChatAgent's state as three values the actor keeps under three state keys: the history
 * (plain message list under {@code history-{id}}, readable by a Python ChatAgent of the same type),
 * the sequence number of its last event, and the outbox of events not yet published.
 */
public record Conversation(List<ChatMessage> history, long lastSeq, Outbox outbox) {

    public Conversation {
        history = history == null ? List.of() : List.copyOf(history);
        outbox = outbox == null ? Outbox.empty() : outbox;
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative: " + lastSeq);
        }
    }

    public static Conversation empty() {
        return new Conversation(List.of(), 0, Outbox.empty());
    }

    /** {@link #after(ChatMessage, ChatMessage, TokenUsage, int, String, String)} with no token usage. */
    public Conversation after(ChatMessage message, ChatMessage reply, int window, String actorId, String namespace) {
        return after(message, reply, null, window, actorId, namespace);
    }

    /**
     * The conversation after one exchange: message and reply appended to the history (then
     * trimmed to {@code window}), and the exchange's event, numbered {@code lastSeq + 1} and
     * carrying the reply's token usage if any, queued.
     */
    public Conversation after(ChatMessage message, ChatMessage reply, TokenUsage usage, int window, String actorId,
                              String namespace) {
        long seq = lastSeq + 1;
        ConversationEvent event = ConversationEvent.of(actorId, ConversationHistory.stateKey(actorId), message, reply,
                seq, namespace, usage);
        return new Conversation(ConversationHistory.append(history, message, reply, window), seq, outbox.append(event));
    }

    /** The newest event, the one {@link #after} queued. */
    public ConversationEvent lastEvent() {
        List<ConversationEvent> events = outbox.events();
        if (events.isEmpty()) {
            throw new IllegalStateException("no event queued");
        }
        return events.get(events.size() - 1);
    }
}
