package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Turn-based concurrency and long histories, on the real stack with a large history window. The
 * call timeout is generous on purpose: 50 calls queued on one actor wait for each other, and that
 * wait counts against the caller's deadline.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatConcurrencyIT {

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("chat-concurrency")
            .setting("chat.history-window", "1000")
            .setting("dapr.actor-call-timeout-ms", "60000")
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

    /**
     * A long history is read back whole, every time. daprd 1.17 reads an actor method's response
     * body after its post-lock resiliency timeout has been cancelled, so with a {@code timeout} on
     * the actor target some reads failed with "failed to read response data: context canceled";
     * the Resiliency we ship must not expose that race.
     */
    @Test
    @Order(2)
    void aLongHistoryReadsBackWholeOnEveryRead() {
        STACK.awaitReady(Duration.ofSeconds(120));
        String actorId = "long-history";
        for (int i = 0; i < 100; i++) {
            assertEquals(200, service.chat(actorId, "entry " + i + " " + "x".repeat(200)).statusCode());
        }
        List<String> failures = new ArrayList<>();
        int reads = 300;
        for (int i = 0; i < reads; i++) {
            HttpResponse<String> response = service.get("/chat/" + actorId + "/history");
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + ": " + response.body());
            } else {
                assertEquals(200, ServiceClient.json(response).get("history").size(), "read " + i);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + reads + " reads failed, e.g. "
                + failures.stream().distinct().limit(2).toList());
    }
}
