package io.daca.chatagent.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The pure rules of a conversation: the reply, the state key, and trimming to the window. */
public final class ConversationHistory {

    private ConversationHistory() {
    }

    /** The actor state key; Dapr prefixes it with {@code appId||ChatAgent||actorId||}. */
    public static String stateKey(String actorId) {
        return "history-" + actorId;
    }

    public static ChatMessage replyTo(ChatMessage message) {
        return ChatMessage.assistant("Got your message: " + message.content());
    }

    /**
     * The history after one exchange: the message and its reply appended, then only the newest
     * {@code window} entries kept (the reference trims after appending both, so an odd window
     * can start with a reply).
     */
    public static List<ChatMessage> append(List<ChatMessage> history, ChatMessage message, ChatMessage reply,
                                           int window) {
        List<ChatMessage> updated = new ArrayList<>(history.size() + 2);
        updated.addAll(history);
        updated.add(message);
        updated.add(reply);
        int from = Math.max(0, updated.size() - window);
        return Collections.unmodifiableList(new ArrayList<>(updated.subList(from, updated.size())));
    }
}
