package io.daca.chatagent.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code ConversationUpdated} event: the reference's payload plus {@code seq} (the actor's
 * own sequence number, 1 for its first message) and {@code namespace}, which make consumers
 * idempotent and keep namespaces apart. Stored in the actor's outbox and published as JSON by the
 * Dapr SDK (Jackson), so the names here are the wire names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"actor_id", "history_key", "actor_type", "event_type", "input", "output", "seq", "namespace", "usage"})
public record ConversationEvent(
        @JsonProperty("actor_id") String actorId,
        @JsonProperty("history_key") String historyKey,
        @JsonProperty("actor_type") String actorType,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("input") ChatMessage input,
        @JsonProperty("output") ChatMessage output,
        @JsonProperty("seq") long seq,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("usage") @JsonInclude(JsonInclude.Include.NON_NULL) TokenUsage usage) {

    public static final String TYPE = "ConversationUpdated";

    public static ConversationEvent of(String actorId, String historyKey, ChatMessage input, ChatMessage output,
                                       long seq, String namespace) {
        return of(actorId, historyKey, input, output, seq, namespace, null);
    }

    public static ConversationEvent of(String actorId, String historyKey, ChatMessage input, ChatMessage output,
                                       long seq, String namespace, TokenUsage usage) {
        return new ConversationEvent(actorId, historyKey, "ChatAgent", TYPE, input, output, seq, namespace, usage);
    }
}
