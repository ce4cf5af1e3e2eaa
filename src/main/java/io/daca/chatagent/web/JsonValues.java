package io.daca.chatagent.web;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * JSON-P through one provider looked up once. Every {@code jakarta.json.Json.createXxx} call looks
 * the provider up again through the ServiceLoader, which in Payara walks the class loaders' jars:
 * that was about an eighth of the app's CPU per chat message and event (measured with JFR).
 */
public final class JsonValues {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonValues() {
    }

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    /** A builder that starts with the members of {@code start}. */
    public static JsonObjectBuilder object(JsonObject start) {
        return BUILDERS.createObjectBuilder(start);
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    public static JsonParser parser(String text) {
        return PARSERS.createParser(new StringReader(text));
    }
}
