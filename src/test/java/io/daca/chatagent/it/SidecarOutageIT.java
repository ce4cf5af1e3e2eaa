package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Sidecar outages: with daprd gone the service answers 503 quickly and reports not ready, and both
 * recover when daprd returns. A short call timeout makes "quickly" a tight bound.
 */
@ExtendWith(ArquillianExtension.class)
class SidecarOutageIT {

    private static final int CALL_TIMEOUT_MS = 3000;

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("sidecar-outage")
            .setting("dapr.actor-call-timeout-ms", Integer.toString(CALL_TIMEOUT_MS))
            .start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }

    @Test
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
