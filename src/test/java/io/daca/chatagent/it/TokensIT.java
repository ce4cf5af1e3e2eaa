package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daca.chatagent.it.stack.AppLessDaprdProcess;
import io.daca.chatagent.it.stack.DaprdProcess;
import io.daca.chatagent.it.stack.Metadata;
import io.daca.chatagent.partition.HashPartitioner;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import io.dapr.config.Property;
import io.dapr.exceptions.DaprException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service with both Dapr tokens set, as the Kubernetes overlays run it: daprd asks the
 * Dapr API token ({@code DAPR_API_TOKEN}) of every caller of its API, the app among them, and
 * presents the app token ({@code APP_API_TOKEN}) on every call into the app, which refuses its
 * callback routes to anyone else. Another Dapr app's daprd is refused by the access control of
 * components/config.yaml.
 */
@ExtendWith(ArquillianExtension.class)
class TokensIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final String UNAUTHORIZED = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"Missing or wrong dapr-api-token header\"}";

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("tokens").withTokens()
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());
    private final ServiceClient dapr = new ServiceClient(STACK.daprHttpUrl())
            .withHeader(DaprdProcess.TOKEN_HEADER, STACK.daprApiToken().orElseThrow());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @Test
    void theWholeContractWorksWithBothTokens() {
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}}",
                service.ok(service.chat("token-user", "Hi there")));
        assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hi there\"},"
                + "{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}]}",
                service.ok(service.get("/chat/token-user/history")));

        // The ConversationUpdated event went out through daprd and came back to /subscribe.
        awaitCount("token-user", 1);
        JsonNode overview = ServiceClient.json(service.get("/analytics"));
        assertTrue(overview.get("total_messages").asLong() >= 1, overview.toString());
        assertTrue(overview.get("deliveries").get("/subscribe").asLong() >= 1, overview.toString());

        // Service invocation of chat-agent.default through the app's own daprd, with the token.
        int partition = new HashPartitioner(10).partitionOf("token-user");
        assertEquals("{\"actor_id\":\"token-user\",\"partition\":" + partition + ",\"message_count\":1}",
                service.ok(service.get("/chat/token-user/stats")));
        JsonNode location = ServiceClient.json(service.get("/chat/token-user/location"));
        assertEquals(STACK.hostId(0), location.get("host").asText(), location.toString());
        assertEquals(STACK.hostId(0), location.get("served_by").asText(), location.toString());
    }

    @Test
    void appHealthNeedsNoTokenAndTheCallbackRoutesRefuseAnyoneWithoutTheAppToken() {
        HttpResponse<String> health = service.get("/healthz");
        assertEquals(200, health.statusCode(), "daprd probes /healthz without a token: " + health.body());

        ServiceClient wrongToken = service.withHeader(DaprdProcess.TOKEN_HEADER, "not-the-app-token");
        ServiceClient daprApiToken = service.withHeader(DaprdProcess.TOKEN_HEADER, STACK.daprApiToken().orElseThrow());
        record Call(String method, String path, String body, String contentType) { }
        List<Call> callbacks = List.of(
                new Call("PUT", "/actors/ChatAgent/x/method/ProcessMessage",
                        "{\"role\":\"user\",\"content\":\"forged\"}", "application/json"),
                new Call("POST", "/subscribe", "{\"id\":\"forged-1\",\"type\":\"ConversationUpdated\",\"data\":"
                        + "{\"actor_id\":\"x\",\"seq\":1,\"namespace\":\"default\"}}", "application/cloudevents+json"),
                new Call("GET", "/dapr/config", null, null),
                new Call("GET", "/dapr/subscribe", null, null),
                new Call("DELETE", "/actors/ChatAgent/x", null, null));
        for (Call call : callbacks) {
            for (Map.Entry<String, ServiceClient> caller : Map.of("no token", service, "a wrong token", wrongToken,
                    "the Dapr API token instead of the app token", daprApiToken).entrySet()) {
                HttpResponse<String> answer = caller.getValue().send(call.method(), call.path(), call.body(), call.contentType());
                String what = call.method() + " " + call.path() + " with " + caller.getKey();
                assertEquals(401, answer.statusCode(), what + ": " + answer.body());
                assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), what);
                assertEquals(UNAUTHORIZED, answer.body(), what);
            }
        }
        ServiceClient daprd = service.withHeader(DaprdProcess.TOKEN_HEADER, STACK.appApiToken().orElseThrow());
        assertEquals("ChatAgent", ServiceClient.json(daprd.get("/dapr/config")).get("entities").get(0).asText(),
                "the app token opens the callbacks");
        assertEquals("{\"history\":[]}", service.ok(service.get("/chat/x/history")), "the forged message was not stored");
        assertEquals(404, service.get("/analytics/x").statusCode(), "the forged event was not counted");
    }

    @Test
    void daprdsApiRefusesCallersWithoutTheDaprApiToken() {
        ServiceClient anonymous = new ServiceClient(STACK.daprHttpUrl());
        ServiceClient wrongToken = anonymous.withHeader(DaprdProcess.TOKEN_HEADER, STACK.appApiToken().orElseThrow());
        record Call(String method, String path, String body) { }
        for (Call call : List.of(
                new Call("GET", "/v1.0/metadata", null),
                new Call("POST", "/v1.0/publish/daca-pubsub/user-chat", "{\"actor_id\":\"x\"}"),
                new Call("GET", "/v1.0/state/analytics-store/analytics-default-user-token-user", null),
                new Call("GET", "/v1.0/invoke/chat-agent/method/analytics/token-user", null),
                new Call("PUT", "/v1.0/actors/ChatAgent/x/method/ProcessMessage", "{\"role\":\"user\",\"content\":\"forged\"}"))) {
            for (ServiceClient caller : List.of(anonymous, wrongToken)) {
                HttpResponse<String> answer = caller.send(call.method(), call.path(), call.body(),
                        call.body() == null ? null : "application/json");
                assertEquals(401, answer.statusCode(), call + ": " + answer.body());
                assertEquals("invalid api token", answer.body().strip(), call.toString());
            }
        }
        assertEquals(204, anonymous.get("/v1.0/healthz").statusCode(), "daprd's health needs no token");
        assertEquals(200, dapr.get("/v1.0/metadata").statusCode(), "the token opens the API");

        // daprd's gRPC API (the one the app's SDK clients use) asks for the token too.
        DaprException refused = assertThrows(DaprException.class, () -> {
            try (DaprClient client = grpcClient(null)) {
                client.getMetadata().block(Duration.ofSeconds(10));
            }
        });
        assertEquals("UNAUTHENTICATED", refused.getErrorCode(), refused.getMessage());
        try (DaprClient client = grpcClient(STACK.daprApiToken().orElseThrow())) {
            assertEquals("chat-agent", client.getMetadata().block(Duration.ofSeconds(10)).getId());
        } catch (Exception e) {
            throw new AssertionError("gRPC with the token failed", e);
        }
        assertEquals("{\"history\":[]}", service.ok(service.get("/chat/x/history")), "nothing forged was stored");
    }

    /**
     * Another Dapr app on the same placement, resolving chat-agent by mDNS: the access control of
     * components/config.yaml ({@code defaultAction: deny}) refuses its service invocation of the
     * app's callback routes, while the app's invocation of itself through its own daprd works.
     */
    @Test
    void anotherDaprAppIsRefusedByTheAccessControlListAndWritesNothing() {
        service.ok(service.chat("acl-user", "before the intruder"));
        awaitCount("acl-user", 1);

        AppLessDaprdProcess intruder = STACK.startAppLessDaprd("intruder");
        Metadata[] seen = {null};
        LocalDaprStack.await("the intruder's daprd to join placement", EVENTUALLY, () -> {
            intruder.requireAlive();
            seen[0] = intruder.metadata();
            return seen[0] != null && seen[0].actorRuntime().placementConnected();
        });
        assertEquals("intruder", seen[0].id());

        JsonNode before = ServiceClient.json(service.get("/analytics"));
        ServiceClient viaIntruder = new ServiceClient(intruder.httpUrl());
        HttpResponse<String> forgedEvent = viaIntruder.post("/v1.0/invoke/chat-agent/method/subscribe",
                "{\"id\":\"forged-2\",\"type\":\"ConversationUpdated\",\"data\":"
                        + "{\"actor_id\":\"x\",\"seq\":1,\"namespace\":\"default\"}}", "application/cloudevents+json");
        HttpResponse<String> forgedMessage = viaIntruder.send("PUT",
                "/v1.0/invoke/chat-agent/method/actors/ChatAgent/x/method/ProcessMessage",
                "{\"role\":\"user\",\"content\":\"forged\"}", "application/json");
        HttpResponse<String> readCount = viaIntruder.get("/v1.0/invoke/chat-agent.default/method/analytics/acl-user");
        for (HttpResponse<String> refused : List.of(forgedEvent, forgedMessage, readCount)) {
            // The intruder's daprd found chat-agent (mDNS) and chat-agent's daprd refused the call.
            assertEquals(403, refused.statusCode(), refused.request().uri() + ": " + refused.body());
            assertTrue(refused.body().contains("PermissionDenied")
                    && refused.body().contains("access control policy has denied access"), refused.body());
        }

        assertEquals("{\"history\":[]}", service.ok(service.get("/chat/x/history")), "no message was stored for x");
        assertEquals(404, service.get("/analytics/x").statusCode(), "no event was counted for x");
        JsonNode after = ServiceClient.json(service.get("/analytics"));
        assertEquals(before.get("total_messages"), after.get("total_messages"), after.toString());
        assertEquals(before.get("deliveries"), after.get("deliveries"), after.toString());

        // The app's own invocation of chat-agent.default never meets the ACL.
        int partition = new HashPartitioner(10).partitionOf("acl-user");
        assertEquals("{\"actor_id\":\"acl-user\",\"partition\":" + partition + ",\"message_count\":1}",
                service.ok(service.get("/chat/acl-user/stats")));
    }

    private static DaprClient grpcClient(String token) {
        Map<Property<?>, String> overrides = new HashMap<>();
        overrides.put(Properties.SIDECAR_IP, "127.0.0.1");
        overrides.put(Properties.GRPC_PORT, Integer.toString(STACK.daprGrpcPort()));
        // An empty token: the SDK would otherwise take DAPR_API_TOKEN from the environment.
        overrides.put(Properties.API_TOKEN, token == null ? "" : token);
        return new DaprClientBuilder().withPropertyOverrides(overrides).build();
    }

    private void awaitCount(String user, long expected) {
        LocalDaprStack.await(user + "'s message_count to reach " + expected, EVENTUALLY,
                () -> service.messageCount(user) >= expected);
        assertEquals(expected, service.messageCount(user), user + " counted more than once");
    }
}
