package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The service's OpenAPI document, read from {@code GET /openapi}, as a contract the tests hold the
 * service to: the document is valid OpenAPI 3.0, and a real answer must be one the document
 * declares for its operation (status, media type, required headers) and must validate against the
 * schema declared there.
 *
 * <p>Two validators: swagger-parser reads the document as OpenAPI tools do and reports what is
 * wrong with it; networknt's JSON Schema validator checks the document against the official
 * OpenAPI 3.0 schema (src/test/resources/openapi/oas-3.0-schema.json, the OpenAPI Initiative's
 * JSON Schema of 3.0.x documents, Apache License 2.0) and answers against the declared schemas
 * (its OpenAPI 3.0 dialect: {@code nullable}, {@code example} and the like).
 */
final class OpenApiContract {

    private static final SchemaRegistry DRAFT4 = SchemaRegistry.withDefaultDialect(Dialects.getDraft4());
    private static final SchemaRegistry OPENAPI_30 = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    private final String yaml;
    private final JsonNode document;

    OpenApiContract(String yaml, JsonNode document) {
        this.yaml = yaml;
        this.document = document;
    }

    JsonNode document() {
        return document;
    }

    /** What swagger-parser finds wrong with the document (YAML, as served by default). */
    List<String> parserMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(yaml, null, options).getMessages();
    }

    /** Where the JSON document breaks the official OpenAPI 3.0 JSON Schema. */
    List<String> specificationErrors() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/oas-3.0-schema.json")) {
            assertNotNull(in, "the OpenAPI 3.0 schema is a test resource");
            Schema oas = DRAFT4.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
            return describe(oas.validate(document.toString(), InputFormat.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rules of JSON Schema draft 4 (which OpenAPI 3.0 schemas follow) that the official OpenAPI
     * schema does not check, and that generators get wrong: {@code exclusiveMaximum} needs a
     * {@code maximum}, {@code exclusiveMinimum} a {@code minimum}; and a {@code maxProperties: 0}
     * next to properties, which no answer with a property could meet.
     */
    List<String> schemaRuleViolations() {
        List<String> found = new ArrayList<>();
        walk(document, "#", (node, where) -> {
            if (node.has("exclusiveMaximum") && !node.has("maximum")) {
                found.add(where + ": exclusiveMaximum without maximum");
            }
            if (node.has("exclusiveMinimum") && !node.has("minimum")) {
                found.add(where + ": exclusiveMinimum without minimum");
            }
            if (node.path("maxProperties").asInt(-1) == 0 && node.has("properties")) {
                found.add(where + ": maxProperties 0 with properties");
            }
        });
        return found;
    }

    private static void walk(JsonNode node, String where, BiConsumer<JsonNode, String> visit) {
        if (node.isObject()) {
            visit.accept(node, where);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), where + "/" + field.getKey(), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, visit);
            }
        }
    }

    JsonNode operation(String method, String template) {
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase());
        assertTrue(operation.isObject(), "the document has no " + method + " " + template);
        return operation;
    }

    /** Every example of every media type validates against that media type's schema. */
    List<String> exampleErrors() {
        List<String> found = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            List<JsonNode> contents = new ArrayList<>();
            contents.add(op.getValue().path("requestBody").path("content"));
            op.getValue().path("responses").forEach(response -> contents.add(response.path("content")));
            for (JsonNode content : contents) {
                content.fields().forEachRemaining(media -> {
                    String where = op.getKey() + " " + path.getKey() + " " + media.getKey();
                    JsonNode schema = media.getValue().path("schema");
                    media.getValue().path("examples").fields().forEachRemaining(example -> {
                        JsonNode value = example.getValue().path("value");
                        if (!value.isObject() && !value.isArray()) {
                            found.add(where + " example " + example.getKey() + " is not a JSON object: " + value);
                        }
                        describe(strictSchema(schema).validate(value.toString(), InputFormat.JSON))
                                .forEach(error -> found.add(where + " example " + example.getKey() + ": " + error));
                    });
                });
            }
        }));
        return found;
    }

    /**
     * Fails unless the answer is one the document declares for the operation: its status, its
     * media type, the headers it marks required (with values of their schema), and a body that
     * validates against the declared schema. Properties the schema does not declare fail too
     * (the check is stricter than the document, which leaves room for additions).
     */
    void assertAnswerConforms(String method, String template, HttpResponse<String> answer) {
        String what = method + " " + template + " answered " + answer.statusCode() + " " + answer.body();
        JsonNode response = operation(method, template).path("responses").path(Integer.toString(answer.statusCode()));
        assertTrue(response.isObject(), what + ": that status is not in the document");
        response.path("headers").fields().forEachRemaining(header -> {
            Optional<String> value = answer.headers().firstValue(header.getKey());
            if (header.getValue().path("required").asBoolean()) {
                assertTrue(value.isPresent(), what + ": lacks the documented header " + header.getKey());
            }
            value.ifPresent(text -> {
                String json = header.getValue().path("schema").path("type").asText().equals("integer") ? text
                        : ServiceClient.quote(text);
                assertEquals(List.of(), describe(strictSchema(header.getValue().path("schema")).validate(json, InputFormat.JSON)),
                        what + ": header " + header.getKey() + " = " + text);
            });
        });
        String mediaType = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        JsonNode content = response.path("content").path(mediaType);
        assertTrue(content.isObject(), what + ": media type '" + mediaType + "' is not documented for that status ("
                + response.path("content").fieldNames().next() + " is)");
        List<String> errors = describe(strictSchema(content.path("schema")).validate(answer.body(), InputFormat.JSON));
        assertEquals(List.of(), errors, what + ": does not match its documented schema");
    }

    /**
     * The schema, with the document's components beside it so that {@code #/components/...}
     * references resolve, and {@code additionalProperties: false} wherever an object schema lists
     * its properties without saying.
     */
    private Schema strictSchema(JsonNode schema) {
        ObjectNode root = schema.deepCopy();
        root.set("components", document.path("components").deepCopy());
        walk(root, "#", (node, where) -> {
            if (node.has("properties") && node.path("properties").isObject() && !node.has("additionalProperties")
                    && !where.endsWith("/properties")) {
                ((ObjectNode) node).put("additionalProperties", false);
            }
        });
        return OPENAPI_30.getSchema(root.toString(), InputFormat.JSON);
    }

    private static List<String> describe(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
