package io.daca.chatagent.dapr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Whether a call to a callback route carries the app token daprd presents ({@code APP_API_TOKEN},
 * header {@code dapr-api-token}). Without a configured token every call passes. Compared in
 * constant time.
 */
public final class AppTokenCheck {

    public static final String REFUSED = "Missing or wrong dapr-api-token header";

    private AppTokenCheck() {
    }

    public static boolean passes(Optional<String> expected, String presented) {
        if (expected.isEmpty()) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8));
    }
}
