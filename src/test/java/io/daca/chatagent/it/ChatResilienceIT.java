package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Turn-based concurrency and sidecar outages, on the real stack with a large history window. */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatResilienceIT {

    private static final int CALL_TIMEOUT_MS = 3000;

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("chat-resilience")
            .setting("chat.history-window", "1000")
            .setting("dapr.actor-call-timeout-ms", Integer.toString(CALL_TIMEOUT_MS))
            .start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }

    @Test
    @Order(0)
    void analyticsOverviewAnswersBeforeAnyActorWasActive() {
        STACK.awaitReady(Duration.ofSeconds(120));
        HttpResponse<String> response = service.get("/analytics");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode overview = ServiceClient.json(response);
        assertEquals(0, overview.get("total_messages").asLong());
        assertEquals(0, overview.get("active_actors").path("ChatAgent").asLong(0), response.body());
    }

    @Test
    @Order(1)
    void fiftyConcurrentMessagesToOneActorLeaveOneHundredEntriesEachMessageFollowedByItsReply() throws Exception {
        STACK.awaitReady(Duration.ofSeconds(120));
        int messages = 50;
        ExecutorService pool = Executors.newFixedThreadPool(messages);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String text = "message " + i;
                calls.add(CompletableFuture.supplyAsync(() -> service.chat("userX", text), pool));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                assertEquals(200, response.statusCode(), response.body());
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode history = service.history("userX");
        assertEquals(2 * messages, history.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < history.size(); i += 2) {
            JsonNode message = history.get(i);
            JsonNode reply = history.get(i + 1);
            assertEquals("user", message.get("role").asText(), "entry " + i);
            assertEquals("assistant", reply.get("role").asText(), "entry " + (i + 1));
            assertEquals("Got your message: " + message.get("content").asText(), reply.get("content").asText(),
                    "entry " + (i + 1) + " must answer entry " + i);
            assertTrue(seen.add(message.get("content").asText()), "each message stored once");
        }
        assertEquals(messages, seen.size());
    }

    @Test
    @Order(2)
    void withTheSidecarDownChatAnswers503QuicklyReadinessIsDownAndBothRecover() {
        STACK.awaitReady(Duration.ofSeconds(120));
        assertEquals(200, service.chat("outage-user", "before").statusCode());

        STACK.killSidecar();

        long started = System.nanoTime();
        HttpResponse<String> refused = service.chat("outage-user", "during");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, refused.statusCode(), refused.body());
        JsonNode problem = ServiceClient.json(refused);
        assertTrue(problem.get("detail").asText().contains("sidecar"), refused.body());
        assertFalse(refused.body().contains("\tat "), "no stack trace in " + refused.body());
        assertTrue(elapsedMs < CALL_TIMEOUT_MS + 2000, "503 took " + elapsedMs + " ms, the bound is " + CALL_TIMEOUT_MS);
        assertEquals(503, service.get("/chat/outage-user/history").statusCode());

        HttpResponse<String> readiness = service.get("/health/ready");
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("DOWN"));

        STACK.startSidecarAgain();
        STACK.awaitReady(Duration.ofSeconds(120));
        // gRPC reconnects with backoff, so the first calls after the restart may still fail fast.
        int[] attempt = {0};
        LocalDaprStack.await("chat to work again after the sidecar returned", Duration.ofSeconds(90),
                () -> service.chat("outage-user", "after " + (++attempt[0])).statusCode() == 200);
        assertEquals(200, service.get("/health/ready").statusCode());
        List<String> entries = ServiceClient.entries(service.history("outage-user"));
        assertFalse(entries.contains("user:before"), "the in-memory store lived in the killed daprd");
        assertEquals(List.of("user:after " + attempt[0], "assistant:Got your message: after " + attempt[0]),
                entries.subList(entries.size() - 2, entries.size()));
    }
}
