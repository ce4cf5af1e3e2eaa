package io.daca.chatagent.chat;

import io.daca.chatagent.web.ApiException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user's id, which is also the id of the user's ChatAgent actor: 1 to {@code maxLength}
 * characters from {@code A-Z a-z 0-9 _ . -}, starting with a letter or digit. That keeps ids safe
 * inside URLs and inside Dapr's state keys ({@code appId||ChatAgent||id||history-id}), where a
 * {@code |} or a {@code ..} would be trouble. Made only by {@link #parse}, so holding one means
 * it was checked; JAX-RS converts path parameters through {@link UserIdConverter}.
 */
@Schema(name = "UserId", type = SchemaType.STRING, pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]*$", minLength = 1,
        maxLength = 128, example = "user1",
        description = "A user's id, also its ChatAgent actor's id (at most chat.max-actor-id-length characters, 128 by default)")
public record UserId(String value) {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public UserId {
        if (value == null || !SAFE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a safe user id: " + value);
        }
    }

    /** The id, or a 400 {@link ApiException} saying what is wrong with it. */
    public static UserId parse(String raw, int maxLength) {
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
        return new UserId(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
