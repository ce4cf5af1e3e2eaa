package io.daca.chatagent.chat;

import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.web.StrictJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * What a chat request's body must look like. Checked before anything reaches an actor, so bad
 * input never writes state. (The id in the path is a {@link UserId}.)
 */
public final class ChatRequestRules {

    public static final Set<String> ACCEPTED_ROLES = Set.of("user", "system");

    private ChatRequestRules() {
    }

    /** Parses and checks a {@code {"role":"user","content":"..."}} body; unknown fields are ignored. */
    public static ChatMessage message(String body, int maxContentLength) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("Request body is empty; expected {\"role\":\"user\",\"content\":\"...\"}");
        }
        JsonObject json = StrictJson.requestObject(body, "with 'role' and 'content'");
        JsonValue role = json.get("role");
        if (role == null || role.getValueType() == JsonValue.ValueType.NULL) {
            throw ApiException.badRequest("Missing 'role' field");
        }
        if (!(role instanceof JsonString roleText) || !ACCEPTED_ROLES.contains(roleText.getString())) {
            throw ApiException.badRequest("Field 'role' must be one of "
                    + String.join(", ", ACCEPTED_ROLES.stream().sorted().toList()));
        }
        if (!(json.get("content") instanceof JsonString content) || content.getString().isEmpty()) {
            throw ApiException.badRequest("Invalid or missing 'content' field: it must be a non-empty string");
        }
        if (content.getString().isBlank()) {
            throw ApiException.badRequest("Field 'content' must not be only whitespace");
        }
        String text = content.getString();
        if (text.codePointCount(0, text.length()) > maxContentLength) {
            throw new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "Field 'content' is longer than " + maxContentLength + " characters");
        }
        return new ChatMessage(roleText.getString(), text);
    }
}
