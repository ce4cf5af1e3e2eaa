package io.daca.chatagent.chat;

import io.daca.chatagent.web.ApiException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of {@code POST /chat/{id}}: 1 to 128 visible ASCII
 * characters (a UUID fits). The same key sent again for the same user gets the first answer.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 128;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    public IdempotencyKey {
        if (value == null || !VISIBLE_ASCII.matcher(value).matches()) {
            throw new IllegalArgumentException("not an idempotency key: " + value);
        }
    }

    /** No header: no key. A header that is not a key: a 400 naming the rule. */
    public static Optional<IdempotencyKey> fromHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!VISIBLE_ASCII.matcher(header).matches()) {
            throw ApiException.badRequest(HEADER + " must be 1 to " + MAX_LENGTH
                    + " visible ASCII characters (no spaces), e.g. a UUID");
        }
        return Optional.of(new IdempotencyKey(header));
    }
}
