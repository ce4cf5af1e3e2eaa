package io.daca.chatagent.chat;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of a conversation, exactly as the reference stores and returns it:
 * {@code {"role":"user","content":"Hi there"}}. Plain JSON so Python and .NET clients of the
 * same actor type read and write the same state.
 */
// Field order as the reference answers: role, then content.
@JsonbPropertyOrder({"role", "content"})
@Schema(name = "Message", description = "One conversation entry")
public record ChatMessage(
        @Schema(required = true, enumeration = {"user", "system", "assistant"}, example = "user",
                description = "Who wrote it: the user, a system prompt, or the agent (assistant)") String role,
        @Schema(required = true, example = "Hi there", description = "The text; non-empty") String content) {

    public static final String ROLE_ASSISTANT = "assistant";

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ROLE_ASSISTANT, content);
    }
}
