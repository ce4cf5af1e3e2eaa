package io.daca.chatagent.web;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.util.NoSuchElementException;

/** Parses exactly one JSON value: {@code {...} x} is as malformed as {@code {...}. */
public final class StrictJson {

    /** The text is not one JSON value; the message ("is not valid JSON: ...") follows the subject. */
    public static class InvalidJsonException extends RuntimeException {
        InvalidJsonException(String message) {
            super(message);
        }
    }

    private StrictJson() {
    }

    /**
     * A request body that must be one JSON object; anything else is the caller's mistake (400).
     * {@code expected} completes "Request body must be a JSON object ...".
     */
    public static JsonObject requestObject(String body, String expected) {
        JsonValue parsed;
        try {
            parsed = parse(body);
        } catch (InvalidJsonException e) {
            throw ApiException.badRequest("Request body " + e.getMessage());
        }
        if (parsed.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("Request body must be a JSON object " + expected);
        }
        return parsed.asJsonObject();
    }

    public static JsonValue parse(String text) {
        try (JsonParser parser = JsonValues.parser(text)) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new InvalidJsonException("has content after its JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new InvalidJsonException("is not valid JSON: " + e.getMessage());
        }
    }
}
