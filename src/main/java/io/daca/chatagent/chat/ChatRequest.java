package io.daca.chatagent.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The payload of ProcessMessageOnce: the message and the client's idempotency key. */
public record ChatRequest(@JsonProperty("message") ChatMessage message,
                          @JsonProperty("idempotency_key") String idempotencyKey) {
}
