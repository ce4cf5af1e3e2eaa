package io.daca.chatagent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Reads one setting and checks it, so a bad deployment fails at start-up naming the key and the
 * value, instead of misbehaving on the first request.
 */
final class ConfigValues {

    private final Config config;

    ConfigValues(Config config) {
        this.config = config;
    }

    String text(String key) {
        String value = config.getOptionalValue(key, String.class).orElse("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Setting " + key + " must not be empty");
        }
        return value.trim();
    }

    /** An optional text; blank counts as unset. */
    Optional<String> optionalText(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(value -> !value.isEmpty());
    }

    int port(String key) {
        long port = number(key);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Setting " + key + " must be a TCP port, got " + port);
        }
        return (int) port;
    }

    int positiveInt(String key) {
        long value = positive(key);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Setting " + key + " is too large: " + value);
        }
        return (int) value;
    }

    /** A whole number from 0 to {@code max}. */
    int intUpTo(String key, int max) {
        long value = number(key);
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("Setting " + key + " must be from 0 to " + max + ", got " + value);
        }
        return (int) value;
    }

    long positive(String key) {
        long value = number(key);
        if (value < 1) {
            throw new IllegalArgumentException("Setting " + key + " must be at least 1, got " + value);
        }
        return value;
    }

    Duration millis(String key) {
        return Duration.ofMillis(positive(key));
    }

    /** An ISO-8601 duration such as {@code PT30S}, positive. */
    Duration duration(String key) {
        String value = text(key);
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Setting " + key + " must be an ISO-8601 duration like PT1H, got " + value, e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("Setting " + key + " must be a positive duration, got " + value);
        }
        return duration;
    }

    boolean flag(String key) {
        String value = text(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting " + key + " must be true or false, got " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private long number(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, got " + value, e);
        }
    }
}
