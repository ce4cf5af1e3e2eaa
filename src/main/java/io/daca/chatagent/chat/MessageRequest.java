package io.daca.chatagent.chat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /chat/{actor_id}} as documented: a {@link ChatMessage} a client may
 * send, so {@code role} is {@code user} or {@code system} only ({@link ChatRequestRules} refuses
 * {@code assistant}). Other fields are ignored.
 */
@Schema(name = "MessageRequest", description = "A message to the user's ChatAgent")
public record MessageRequest(
        @Schema(required = true, enumeration = {"user", "system"}, example = "user", description = "Who writes it")
        String role,
        @Schema(required = true, minLength = 1, maxLength = 4000, example = "Hi there",
                description = "The text: non-empty, at most chat.max-content-length characters (4000 by default; "
                        + "longer gets a 413)") String content) {
}
