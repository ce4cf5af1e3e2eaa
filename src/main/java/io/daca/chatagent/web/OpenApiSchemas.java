package io.daca.chatagent.web;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Repairs what Payara's OpenAPI generator makes of {@code @Schema} annotations.
 *
 * <p><b>The cause.</b> Payara builds a schema from an annotation by reading every attribute, and
 * for an attribute the annotation does not set it gets the attribute's <em>default</em>, which it
 * copies into the model as if it had been written. MicroProfile's {@code @Schema} defaults mean
 * "unset" ({@code maxProperties = 0}, {@code minLength = 0}, {@code exclusiveMaximum = false},
 * {@code maxLength = Integer.MAX_VALUE}, ...), so every annotated schema came out with
 * {@code maxProperties: 0} (no object with a property validated against it) and
 * {@code exclusiveMaximum: false} without a {@code maximum} (invalid OpenAPI). The annotations
 * cannot say "unset" any other way, so these values are removed from the generated model: each is
 * either the annotation's "unset" marker or what OpenAPI assumes when the keyword is absent.
 *
 * <p>Payara also takes {@code example} as text whatever the schema's type ({@code "400"} for an
 * integer), types a Java {@code long} as {@code number} (with format {@code int64}), and a schema
 * that maps a record to a string ({@code @Schema(type = STRING)}) keeps the record's fields as
 * properties; each is corrected by the schema's type and format.
 */
public final class OpenApiSchemas {

    private OpenApiSchemas() {
    }

    /** Cleans the schema and every schema inside it. */
    public static void clean(Schema schema) {
        if (schema == null || schema.getRef() != null) {
            return;
        }
        dropUnsetMarkers(schema);
        if (schema.getType() == Schema.SchemaType.NUMBER && ("int64".equals(schema.getFormat()) || "int32".equals(schema.getFormat()))) {
            // Payara types Java's long as "number" whatever the annotation says; int64 and int32 are
            // formats of OpenAPI's "integer".
            schema.setType(Schema.SchemaType.INTEGER);
        }
        if (schema.getType() != null && schema.getType() != Schema.SchemaType.OBJECT && schema.getProperties() != null
                && !schema.getProperties().isEmpty()) {
            schema.setProperties(null);
        }
        schema.setExample(typed(schema.getType(), schema.getExample()));
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiSchemas::clean);
        }
        clean(schema.getItems());
        clean(schema.getAdditionalPropertiesSchema());
        clean(schema.getNot());
        for (List<Schema> group : new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
            if (group != null) {
                group.forEach(OpenApiSchemas::clean);
            }
        }
    }

    private static void dropUnsetMarkers(Schema schema) {
        if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
            schema.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
            schema.setExclusiveMinimum(null);
        }
        if (schema.getMultipleOf() != null && schema.getMultipleOf().signum() == 0) {
            schema.setMultipleOf(null);
        }
        if (Integer.valueOf(Integer.MAX_VALUE).equals(schema.getMaxLength())) {
            schema.setMaxLength(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (Integer.valueOf(Integer.MIN_VALUE).equals(schema.getMaxItems())) {
            schema.setMaxItems(null);
        }
        if (Integer.valueOf(Integer.MAX_VALUE).equals(schema.getMinItems())) {
            schema.setMinItems(null);
        }
        if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getNullable())) {
            schema.setNullable(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
    }

    /** An example given as text, as a value of the schema's type where the text is one. */
    static Object typed(Schema.SchemaType type, Object example) {
        if (!(example instanceof String text) || type == null) {
            return example;
        }
        try {
            return switch (type) {
                case INTEGER -> Long.valueOf(text.trim());
                case NUMBER -> new BigDecimal(text.trim());
                case BOOLEAN -> text.trim().equals("true") || text.trim().equals("false")
                        ? Boolean.valueOf(text.trim()) : text;
                case OBJECT, ARRAY -> jsonValue(text);
                default -> text;
            };
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }

    /**
     * An example written as JSON text ({@code @ExampleObject(value = "{...}")}) as the JSON value
     * it stands for (maps, lists, numbers), so the document shows an object, not a quoted string.
     * Anything else is returned as it is.
     */
    public static Object jsonValue(Object example) {
        if (!(example instanceof String text)) {
            return example;
        }
        String trimmed = text.trim();
        if (!(trimmed.startsWith("{") && trimmed.endsWith("}")) && !(trimmed.startsWith("[") && trimmed.endsWith("]"))) {
            return example;
        }
        try {
            return plain(StrictJson.parse(trimmed));
        } catch (StrictJson.InvalidJsonException notJson) {
            return example;
        }
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((key, item) -> map.put(key, plain(item)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(item -> list.add(plain(item)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> {
                JsonNumber number = (JsonNumber) value;
                yield number.isIntegral() ? (Object) number.longValue() : number.bigDecimalValue();
            }
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
