package io.daca.chatagent.analytics;

import io.daca.chatagent.chat.TokenUsage;
import java.util.OptionalLong;

/**
 * What analytics needs of a ConversationUpdated event to count it exactly once.
 *
 * @param userId  the user (the publishing actor's id)
 * @param seq     the actor's sequence number; absent in events of the Python reference
 * @param eventId the CloudEvent id, the dedupe key of events without a {@code seq}
 * @param usage   the tokens the language model reported for the answer; null if none
 */
public record CountableEvent(String userId, OptionalLong seq, String eventId, TokenUsage usage) {

    public CountableEvent(String userId, OptionalLong seq, String eventId) {
        this(userId, seq, eventId, null);
    }
}
