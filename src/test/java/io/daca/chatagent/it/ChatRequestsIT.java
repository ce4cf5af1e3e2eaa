package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests at the edges: a retried chat with an idempotency key is stored and counted once;
 * hostile input gets a 4xx problem and writes nothing; the admin operation needs its token.
 */
@ExtendWith(ArquillianExtension.class)
class ChatRequestsIT {

    private static final String ADMIN_TOKEN = "admin-" + Long.toHexString(System.nanoTime());
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("chat-requests")
            .setting("analytics.admin-token", ADMIN_TOKEN)
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndIsStoredAndCountedOnce() throws Exception {
        String first = service.ok(chatWithKey("idem-user", "Hi there", "key-1"));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}}", first);
        assertEquals(first, service.ok(chatWithKey("idem-user", "Hi there", "key-1")));
        // Even a different body under the same key gets the first answer: the key names the request.
        assertEquals(first, service.ok(chatWithKey("idem-user", "something else", "key-1")));
        assertEquals(2, ServiceClient.entries(service.history("idem-user")).size(), "stored once");

        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Again\"}}",
                service.ok(chatWithKey("idem-user", "Again", "key-2")));
        assertEquals(4, ServiceClient.entries(service.history("idem-user")).size());
        LocalDaprStack.await("both messages to be counted", EVENTUALLY, () -> service.messageCount("idem-user") == 2);
        Thread.sleep(3000);
        assertEquals(2, service.messageCount("idem-user"), "counted once each");

        HttpResponse<String> badKey = chatWithKey("idem-user", "x", "has space");
        assertProblem(400, badKey, "Idempotency-Key");
        assertEquals(4, ServiceClient.entries(service.history("idem-user")).size());
    }

    @Test
    void hostileBodiesGetA4xxProblemAndWriteNothing() throws Exception {
        String deep = "{\"role\":\"user\",\"content\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertProblem(400, service.post("/chat/hostile", deep), "deeper than");

        byte[] notUtf8 = "{\"role\":\"user\",\"content\":\"\u0001\u0002\"}".getBytes(StandardCharsets.ISO_8859_1);
        notUtf8[26] = (byte) 0xff;
        notUtf8[27] = (byte) 0xfe;
        assertProblem(400, post("/chat/hostile", notUtf8), "not valid UTF-8");

        assertProblem(400, service.chat("hostile", " \t\n "), "whitespace");

        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        byte[] padded = ("{\"role\":\"user\",\"content\":\"hi\",\"pad\":\"" + new String(huge, StandardCharsets.US_ASCII)
                + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertProblem(413, post("/chat/hostile", padded), "larger than");

        assertEquals(0, ServiceClient.entries(service.history("hostile")).size(), "nothing was written");
    }

    @Test
    void aControlCharacterInTheIdIsRefusedAndWritesNothing() {
        // Payara's connector would refuse an encoded NUL itself, with a bare 400 before any app
        // code; web.EncodedNulGuard turns it into the problem. Other control characters reach
        // the app and get its problem.
        assertProblem(400, service.post("/chat/a%00b", "{\"role\":\"user\",\"content\":\"hi\"}"), "%00");
        assertProblem(400, service.get("/chat/a%00b/history"), "%00");
        assertProblem(400, service.post("/chat/a%0Ab", "{\"role\":\"user\",\"content\":\"hi\"}"), "Actor id");
        assertProblem(400, service.get("/chat/a%01b/history"), "Actor id");
        assertEquals(0, ServiceClient.entries(service.history("ab")).size());
    }

    @Test
    void unknownActorCallbacksAre4xxProblems() {
        assertProblem(404, put("/actors/NoSuchType/x/method/Foo"), "No actor type");
        assertProblem(400, put("/actors/ChatAgent/callback-user/method/NoSuchMethod"), "");
        assertEquals(0, ServiceClient.entries(service.history("callback-user")).size());
    }

    @Test
    void anEventWhoseActorIdBreaksTheRuleIsDroppedNotRetried() {
        String event = "{\"id\":\"bad-id-1\",\"type\":\"ConversationUpdated\",\"data\":{\"actor_id\":\"a||b\","
                + "\"input\":{\"role\":\"user\",\"content\":\"x\"},\"output\":{\"role\":\"assistant\",\"content\":\"y\"},"
                + "\"seq\":1,\"namespace\":\"default\"}}";
        HttpResponse<String> ack = service.post("/subscribe", event, "application/cloudevents+json");
        assertEquals("DROP", ServiceClient.json(ack).get("status").asText(), ack.body());
    }

    @Test
    void overwritingACountNeedsTheAdminToken() throws Exception {
        assertProblem(401, service.post("/analytics/admin-user/initialize", "{\"message_count\":5}"), "admin token");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/analytics/admin-user/initialize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer wrong")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message_count\":5}")).build());
        assertProblem(401, wrong, "admin token");
        assertEquals(404, service.get("/analytics/admin-user").statusCode(), "nothing was written");

        HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/analytics/admin-user/initialize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"message_count\":5}")).build());
        assertEquals("{\"status\":\"success\",\"user_id\":\"admin-user\",\"message_count\":5}", service.ok(allowed));
        assertEquals(5, service.messageCount("admin-user"));
    }

    private HttpResponse<String> chatWithKey(String user, String text, String key) {
        return send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/chat/" + user))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":" + ServiceClient.quote(text) + "}"))
                .build());
    }

    private HttpResponse<String> post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpResponse<String> put(String path) {
        return send(HttpRequest.newBuilder(URI.create(STACK.appUrl() + path)).PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(int status, HttpResponse<String> response, String detailContains) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().map() + " " + response.body());
        String detail = ServiceClient.json(response).get("detail").asText();
        assertTrue(detail.contains(detailContains), detail);
    }
}
