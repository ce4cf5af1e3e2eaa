package io.daca.chatagent.web;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.util.NoSuchElementException;

/**
 * Parses exactly one JSON value: {@code {...} x} is as malformed as {@code {...}. Nesting deeper
 * than {@link #MAX_DEPTH} levels is refused before a value is built: thousands of nested arrays
 * overflowed the parser's recursion (a 500) where they are the caller's mistake (a 400).
 */
public final class StrictJson {

    /** Deeper than any request or event of this service needs (they nest three levels). */
    public static final int MAX_DEPTH = 32;

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

    /** One streaming pass that only counts how deep the text nests. */
    private static void requireShallow(String text) {
        int depth = 0;
        try (JsonParser parser = JsonValues.parser(text)) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_ARRAY || event == JsonParser.Event.START_OBJECT) {
                    if (++depth > MAX_DEPTH) {
                        throw new InvalidJsonException("nests deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (event == JsonParser.Event.END_ARRAY || event == JsonParser.Event.END_OBJECT) {
                    depth--;
                }
                if (depth == 0) {
                    return; // the first value is complete; parse() judges what follows it
                }
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new InvalidJsonException("is not valid JSON: " + e.getMessage());
        }
    }

    public static JsonValue parse(String text) {
        requireShallow(text);
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
