package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /openapi} is true: a valid OpenAPI 3.0 document (two validators, zero errors) with
 * one named schema per answer and only the public API in it, and every public endpoint's real
 * answers, successes and errors (the 503s with the sidecar killed, last), are answers the document
 * declares, matching the declared schema.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiIT {

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("openapi")
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private static final Set<String> PUBLIC_PATHS = Set.of("/chat/{actor_id}", "/chat/{actor_id}/history",
            "/chat/{actor_id}/location", "/chat/{actor_id}/stats", "/analytics", "/analytics/{user_id}",
            "/analytics/{user_id}/initialize");
    private static final String CHAT = "/chat/{actor_id}";
    private static final String INITIALIZE = "/analytics/{user_id}/initialize";

    private final ServiceClient service = new ServiceClient(STACK.appUrl());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    private OpenApiContract contract() {
        HttpResponse<String> yaml = service.get("/openapi");
        assertEquals(200, yaml.statusCode());
        HttpResponse<String> json = send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/openapi"))
                .header("Accept", "application/json").GET());
        assertEquals(200, json.statusCode());
        return new OpenApiContract(yaml.body(), ServiceClient.json(json));
    }

    @Test
    @Order(1)
    void documentIsValidOpenApi3WithNoValidatorError() {
        OpenApiContract contract = contract();
        assertEquals(List.of(), contract.parserMessages(), "swagger-parser");
        assertEquals(List.of(), contract.specificationErrors(), "the OpenAPI 3.0 JSON Schema");
        assertEquals(List.of(), contract.schemaRuleViolations(), "JSON Schema rules in the document's schemas");
        assertEquals(List.of(), contract.exampleErrors(), "examples against their schemas");
    }

    @Test
    @Order(2)
    void documentDescribesThePublicApiOnly() {
        JsonNode document = contract().document();
        Set<String> paths = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(new TreeSet<>(PUBLIC_PATHS), paths, "daprd's callback routes are not part of the public API");
        document.fieldNames().forEachRemaining(key -> assertTrue(
                Set.of("openapi", "info", "servers", "tags", "paths", "components").contains(key) || key.startsWith("x-"),
                "root field " + key));
        assertEquals("/", document.path("servers").path(0).path("url").asText(), "try-it-out calls the serving origin");

        Set<String> operationIds = new TreeSet<>();
        document.path("paths").forEach(item -> item.forEach(operation -> {
            operationIds.add(operation.path("operationId").asText());
            operation.path("responses").fields().forEachRemaining(response -> {
                assertFalse(response.getValue().path("description").asText().isBlank(), "a response without description");
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode content = response.getValue().path("content");
                    assertEquals(List.of("application/problem+json"), names(content));
                    assertEquals("#/components/schemas/ProblemDetail",
                            content.path("application/problem+json").path("schema").path("$ref").asText());
                }
                if (response.getKey().equals("503")) {
                    assertTrue(response.getValue().path("headers").has("Retry-After"));
                }
                if (response.getKey().equals("200")) {
                    assertTrue(response.getValue().path("content").path("application/json").path("schema").has("$ref"),
                            "a 200 answer refers to its named schema");
                }
            });
        }));
        assertEquals(new TreeSet<>(List.of("sendMessage", "getHistory", "getActorLocation", "getActorStats",
                "getMessageCount", "initializeMessageCount", "getAnalyticsOverview")), operationIds);

        JsonNode schemas = document.path("components").path("schemas");
        for (String name : List.of("ChatResponse", "HistoryResponse", "ActorLocation", "ActorStats", "MessageCount",
                "InitializeResult", "AnalyticsOverview", "ProblemDetail", "MessageRequest", "InitializeBody")) {
            assertEquals("object", schemas.path(name).path("type").asText(), name);
        }
        assertEquals("[\"user\",\"system\"]", schemas.path("MessageRequest").path("properties").path("role").path("enum").toString());

        JsonNode send = document.path("paths").path(CHAT).path("post");
        assertEquals("#/components/schemas/MessageRequest",
                send.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        assertTrue(send.path("responses").path("200").path("headers").has("X-Actor-Partition"));
        assertTrue(send.path("responses").path("200").path("headers").has("X-Served-By"));
        assertTrue(names(send.path("responses")).containsAll(List.of("200", "400", "413", "415", "503")));
        List<String> headers = new ArrayList<>();
        send.path("parameters").forEach(p -> headers.add(p.path("in").asText() + ":" + p.path("name").asText()));
        assertTrue(headers.contains("header:Idempotency-Key"), headers.toString());
        assertEquals("#/components/schemas/InitializeBody", document.path("paths").path(INITIALIZE).path("post")
                .path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    @Order(3)
    void realAnswersMatchTheDocumentedSchemas() {
        OpenApiContract contract = contract();
        String user = "openapi-user";
        check(contract, "POST", CHAT, service.chat(user, "Hi there"), 200);
        check(contract, "POST", CHAT, send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/chat/" + user))
                .header("Content-Type", "application/json").header("Idempotency-Key", "6f1c7b2e-openapi")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"system\",\"content\":\"Be brief\"}"))), 200);
        check(contract, "POST", CHAT, service.post("/chat/" + user, "{\"role\":\"wizard\",\"content\":\"hi\"}"), 400);
        check(contract, "POST", CHAT, service.post("/chat/a%7Cb", "{\"role\":\"user\",\"content\":\"hi\"}"), 400);
        check(contract, "POST", CHAT, send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/chat/" + user))
                .header("Content-Type", "application/json").header("Idempotency-Key", "has space")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"hi\"}"))), 400);
        check(contract, "POST", CHAT, service.post("/chat/" + user,
                "{\"role\":\"user\",\"content\":\"" + "x".repeat(4001) + "\"}"), 413);
        check(contract, "POST", CHAT, service.post("/chat/" + user, "{\"role\":\"user\",\"content\":\"hi\"}", "text/plain"), 415);

        check(contract, "GET", "/chat/{actor_id}/history", service.get("/chat/" + user + "/history"), 200);
        check(contract, "GET", "/chat/{actor_id}/history", service.get("/chat/a%7Cb/history"), 400);
        check(contract, "GET", "/chat/{actor_id}/location", service.get("/chat/" + user + "/location"), 200);
        check(contract, "GET", "/chat/{actor_id}/location", service.get("/chat/a%7Cb/location"), 400);
        check(contract, "GET", "/chat/{actor_id}/stats", service.get("/chat/" + user + "/stats"), 200);
        check(contract, "GET", "/chat/{actor_id}/stats", service.get("/chat/a%7Cb/stats"), 400);

        check(contract, "GET", "/analytics/{user_id}", service.get("/analytics/never-seen-by-openapi"), 404);
        check(contract, "GET", "/analytics/{user_id}", service.get("/analytics/a%7Cb"), 400);
        check(contract, "POST", INITIALIZE, service.post("/analytics/openapi-alice/initialize", "{\"message_count\":5}"), 200);
        check(contract, "POST", INITIALIZE, service.post("/analytics/openapi-bob/initialize?message_count=3", null, null), 200);
        check(contract, "POST", INITIALIZE, service.post("/analytics/openapi-bob/initialize", "{\"message_count\":-1}"), 400);
        check(contract, "POST", INITIALIZE, service.post("/analytics/openapi-bob/initialize", "5", "text/plain"), 415);
        check(contract, "GET", "/analytics/{user_id}", service.get("/analytics/openapi-alice"), 200);
        check(contract, "GET", "/analytics", service.get("/analytics"), 200);
    }

    @Test
    @Order(4)
    void answersWithTheSidecarGoneMatchTheDocumentedSchemas() {
        OpenApiContract contract = contract();
        STACK.killSidecar();
        check(contract, "POST", CHAT, service.chat("openapi-user", "Anyone there?"), 503);
        check(contract, "GET", "/chat/{actor_id}/history", service.get("/chat/openapi-user/history"), 503);
        check(contract, "GET", "/chat/{actor_id}/location", service.get("/chat/openapi-user/location"), 503);
        check(contract, "GET", "/chat/{actor_id}/stats", service.get("/chat/openapi-user/stats"), 503);
        check(contract, "GET", "/analytics/{user_id}", service.get("/analytics/openapi-alice"), 503);
        check(contract, "POST", INITIALIZE, service.post("/analytics/openapi-carol/initialize", "{\"message_count\":1}"), 503);
        check(contract, "GET", "/analytics", service.get("/analytics"), 503);
    }

    private static void check(OpenApiContract contract, String method, String template, HttpResponse<String> answer,
                              int expectedStatus) {
        assertEquals(expectedStatus, answer.statusCode(), method + " " + template + ": " + answer.body());
        contract.assertAnswerConforms(method, template, answer);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
