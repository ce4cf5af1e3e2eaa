package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reference's behaviour contract on the real WAR, Payara Micro, daprd and placement. */
@ExtendWith(ArquillianExtension.class)
class ChatContractIT {

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("chat-contract")
            .setting("actors.idle-timeout", "PT7M")
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @Test
    void seedCurlSequenceGivesExactlyTheReferenceOutputsWithIsolatedHistories() {
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}}",
                service.ok(service.chat("user1", "Hi there")));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hello\"}}",
                service.ok(service.chat("user2", "Hello")));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hey\"}}",
                service.ok(service.chat("user3", "Hey")));

        assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hi there\"},"
                + "{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}]}",
                service.ok(service.get("/chat/user1/history")));
        assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hello\"},"
                + "{\"role\":\"assistant\",\"content\":\"Got your message: Hello\"}]}",
                service.ok(service.get("/chat/user2/history")));
        assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hey\"},"
                + "{\"role\":\"assistant\",\"content\":\"Got your message: Hey\"}]}",
                service.ok(service.get("/chat/user3/history")));
    }

    @Test
    void windowOfFiveKeepsTheNewestFiveEntriesInOrder() {
        for (String text : List.of("one", "two", "three")) {
            service.ok(service.chat("window-user", text));
        }
        JsonNode history = service.history("window-user");
        assertEquals(List.of(
                        "assistant:Got your message: one",
                        "user:two", "assistant:Got your message: two",
                        "user:three", "assistant:Got your message: three"),
                ServiceClient.entries(history));
    }

    @Test
    void historyOfAnUnknownUserIsEmpty() {
        assertEquals("{\"history\":[]}", service.ok(service.get("/chat/nobody-yet/history")));
    }

    @Test
    void daprConfigListsChatAgentWithTheConfiguredActorSettings() {
        JsonNode config = ServiceClient.json(service.get("/dapr/config"));
        assertEquals("ChatAgent", config.get("entities").get(0).asText());
        assertEquals(1, config.get("entities").size());
        assertEquals("0h7m0s0ms", config.get("actorIdleTimeout").asText(), "actors.idle-timeout=PT7M as Dapr reads it");
        assertEquals("0h0m30s0ms", config.get("actorScanInterval").asText());
        assertEquals("0h1m0s0ms", config.get("drainOngoingCallTimeout").asText());
        assertTrue(config.get("drainBalancedActors").asBoolean());
    }

    @Test
    void badInputGetsA4xxProblemWithDetailAndWritesNothing() {
        String victim = "validation-user";
        record Case(String name, String path, String body, String contentType, int status) { }
        List<Case> cases = List.of(
                new Case("missing content", "/chat/" + victim, "{\"role\":\"user\"}", "application/json", 400),
                new Case("empty content", "/chat/" + victim, "{\"role\":\"user\",\"content\":\"\"}", "application/json", 400),
                new Case("content not a string", "/chat/" + victim, "{\"role\":\"user\",\"content\":42}", "application/json", 400),
                new Case("content an object", "/chat/" + victim, "{\"role\":\"user\",\"content\":{\"a\":1}}", "application/json", 400),
                new Case("missing role", "/chat/" + victim, "{\"content\":\"hi\"}", "application/json", 400),
                new Case("unknown role", "/chat/" + victim, "{\"role\":\"wizard\",\"content\":\"hi\"}", "application/json", 400),
                new Case("malformed JSON", "/chat/" + victim, "{\"role\":\"user\",\"content\":\"hi\"", "application/json", 400),
                new Case("trailing garbage", "/chat/" + victim, "{\"role\":\"user\",\"content\":\"hi\"} x", "application/json", 400),
                new Case("JSON array", "/chat/" + victim, "[1,2]", "application/json", 400),
                new Case("wrong content type", "/chat/" + victim, "{\"role\":\"user\",\"content\":\"hi\"}", "text/plain", 415),
                new Case("form content type", "/chat/" + victim, "role=user&content=hi", "application/x-www-form-urlencoded", 415),
                new Case("empty body", "/chat/" + victim, "", "application/json", 400),
                new Case("content over the limit", "/chat/" + victim,
                        "{\"role\":\"user\",\"content\":\"" + "x".repeat(4001) + "\"}", "application/json", 413),
                new Case("empty actor id", "/chat/", "{\"role\":\"user\",\"content\":\"hi\"}", "application/json", 400),
                new Case("actor id too long", "/chat/" + "a".repeat(129), "{\"role\":\"user\",\"content\":\"hi\"}", "application/json", 400),
                new Case("actor id with a pipe", "/chat/a%7Cb", "{\"role\":\"user\",\"content\":\"hi\"}", "application/json", 400),
                new Case("actor id with a space", "/chat/a%20b", "{\"role\":\"user\",\"content\":\"hi\"}", "application/json", 400),
                new Case("actor id of dots", "/chat/..x", "{\"role\":\"user\",\"content\":\"hi\"}", "application/json", 400));

        for (Case c : cases) {
            HttpResponse<String> response = service.post(c.path(), c.body(), c.contentType());
            assertEquals(c.status(), response.statusCode(), c.name() + ": " + response.body());
            JsonNode problem = ServiceClient.json(response);
            assertTrue(problem.hasNonNull("detail") && !problem.get("detail").asText().isBlank(), c.name() + ": " + response.body());
            assertEquals(c.status(), problem.get("status").asInt(), c.name());
            assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "),
                    c.name() + " leaks internals: " + response.body());
        }
        assertEquals(0, service.history(victim).size(), "rejected requests must not write history");
        HttpResponse<String> unsafeHistory = service.get("/chat/a%7Cb/history");
        assertEquals(400, unsafeHistory.statusCode());
    }

    private record Send(String name, String body, String idempotencyKey) {
        HttpResponse<String> to(ServiceClient client, String path) {
            return (idempotencyKey == null ? client : client.withHeader("Idempotency-Key", idempotencyKey)).post(path, body);
        }
    }

    /**
     * A send is answered by a plain servlet when its id needs no decoding, by JAX-RS otherwise
     * ({@code %73} is {@code s}): both must give the same status, headers and body, and both count
     * in the request metrics as {@code ChatResource.send}.
     */
    @Test
    void aSendIsAnsweredTheSameWhetherItsIdComesPlainOrEncoded() {
        List<Send> sends = List.of(
                new Send("plain", "{\"role\":\"user\",\"content\":\"Hi there\"}", null),
                new Send("characters to escape", "{\"role\":\"user\",\"content\":"
                        + ServiceClient.quote("quote \" backslash \\ slash / newline \n tab \t \u00e9 \u6f22 \ud83d\ude00 </script> \u2028 \u007f") + "}", null),
                new Send("system role", "{\"role\":\"system\",\"content\":\"Be brief\"}", null),
                new Send("an idempotency key", "{\"role\":\"user\",\"content\":\"once\"}", "same-path-key-1"),
                new Send("missing content", "{\"role\":\"user\"}", null),
                new Send("unknown role", "{\"role\":\"wizard\",\"content\":\"hi\"}", null),
                new Send("malformed JSON", "{\"role\":", null),
                new Send("content over the limit", "{\"role\":\"user\",\"content\":\"" + "x".repeat(4001) + "\"}", null),
                new Send("a malformed idempotency key", "{\"role\":\"user\",\"content\":\"hi\"}", "has space"));
        String operation = "operation=\"ChatResource.send\"";
        double before = service.metric("http_request_duration_seconds_count", operation);
        for (Send send : sends) {
            HttpResponse<String> plain = send.to(service, "/chat/same-path");
            HttpResponse<String> encoded = send.to(service, "/chat/%73ame-path");
            assertEquals(plain.statusCode(), encoded.statusCode(), send.name() + ": " + plain.body() + " / " + encoded.body());
            assertEquals(plain.body(), encoded.body(), send.name());
            for (String header : List.of("Content-Type", "X-Actor-Partition", "X-Served-By", "Retry-After")) {
                assertEquals(plain.headers().allValues(header), encoded.headers().allValues(header), send.name() + ": " + header);
            }
        }
        assertEquals(200, sends.get(0).to(service, "/chat/same-path").statusCode());
        assertEquals(before + 2 * sends.size() + 1, service.metric("http_request_duration_seconds_count", operation), 0.0);
    }

    @Test
    void unknownPathsAnswerJsonProblems() {
        HttpResponse<String> response = service.get("/no-such-thing");
        assertEquals(404, response.statusCode());
        assertTrue(ServiceClient.json(response).hasNonNull("detail"));
        // Jersey's WADL is off: the OpenAPI document is the one description of the API.
        HttpResponse<String> wadl = service.get("/application.wadl");
        assertEquals(404, wadl.statusCode(), wadl.body());
        assertTrue(ServiceClient.json(wadl).hasNonNull("detail"));
    }

    @Test
    void openApiDocumentDescribesEveryEndpoint() {
        HttpResponse<String> response = service.get("/openapi");
        assertEquals(200, response.statusCode());
        String document = response.body();
        for (String expected : List.of("/chat/{actor_id}:", "/chat/{actor_id}/history:", "ChatResponse", "HistoryResponse",
                "ProblemDetail", "Got your message: Hi there")) {
            assertTrue(document.contains(expected), "OpenAPI document lacks " + expected);
        }
    }

    @Test
    void readinessIsUpWhileTheSidecarAnswers() {
        HttpResponse<String> response = service.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("dapr-sidecar"));
    }
}
