package io.daca.chatagent.chat;

import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.web.StrictJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a chat request must look like. Checked before anything reaches an actor, so bad input
 * never writes state.
 *
 * <p>Actor ids: 1 to {@code chat.max-actor-id-length} characters from {@code A-Z a-z 0-9 _ . -},
 * starting with a letter or digit. That keeps ids safe inside URLs and inside Dapr's state keys
 * ({@code appId||ChatAgent||id||history-id}), where a {@code |} or a {@code ..} would be trouble.
 */
public final class ChatRequestRules {

    public static final Set<String> ACCEPTED_ROLES = Set.of("user", "system");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private ChatRequestRules() {
    }

    public static String actorId(String raw, int maxLength) {
        if (raw == null || raw.isEmpty()) {
            throw ApiException.badRequest("Actor id must not be empty");
        }
        if (raw.length() > maxLength) {
            throw ApiException.badRequest("Actor id is longer than " + maxLength + " characters");
        }
        if (!SAFE_ID.matcher(raw).matches()) {
            throw ApiException.badRequest(
                    "Actor id may only contain letters, digits, '_', '.' and '-', and must start with a letter or digit");
        }
        return raw;
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
        String text = content.getString();
        if (text.codePointCount(0, text.length()) > maxContentLength) {
            throw new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "Field 'content' is longer than " + maxContentLength + " characters");
        }
        return new ChatMessage(roleText.getString(), text);
    }
}
