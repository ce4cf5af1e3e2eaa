package io.daca.chatagent.chat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"response":{"role":"assistant","content":"Got your message: Hi there"}}} */
@Schema(name = "ChatResponse", description = "The agent's reply")
public record ChatResponse(@Schema(required = true, ref = "Message") ChatMessage response) {
}
