package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No 404 while the service starts, with the start-up gate: from the moment Payara Micro is started
 * (with the options of server-config/payara-micro.properties and payara.micro.startup-gate), a client calling {@code GET
 * /chat/x/history} gets a refused connection or a 503 with {@code Retry-After}, never a 404 or any
 * other answer, until the first 200. Checked on the first start and again after a kill -9, while
 * daprd keeps running and probing.
 */
class StartupIT {

    private static final Logger LOG = Logger.getLogger(StartupIT.class.getName());
    private static final Duration START = Duration.ofSeconds(300);

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().appProcess().name("startup").start();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** What one poll saw: a status with its Retry-After and body, or a refused connection (status 0). */
    record Seen(int status, String retryAfter, String contentType, String body) {
        @Override
        public String toString() {
            return status == 0 ? "refused" : status + " (Retry-After " + retryAfter + ", " + contentType + ") "
                    + body.substring(0, Math.min(body.length(), 160));
        }
    }

    @Test
    void noAnswerButRefusedOr503UntilTheFirst200OnStartAndRestart() throws Exception {
        List<Seen> first = startAndWatch();
        assertOnlyRefusedOr503Before200(first, "first start");

        STACK.killApp();
        List<Seen> restart = startAndWatch();
        assertOnlyRefusedOr503Before200(restart, "start after kill -9");
    }

    /** Starts the app and polls from that moment until the first 200 (or the time is up). */
    private List<Seen> startAndWatch() throws Exception {
        List<Seen> seen = new ArrayList<>();
        CompletableFuture<Void> polling = CompletableFuture.runAsync(() -> {
            Instant deadline = Instant.now().plus(START);
            while (Instant.now().isBefore(deadline)) {
                Seen answer = poll();
                synchronized (seen) {
                    if (seen.isEmpty() || !sameKind(seen.get(seen.size() - 1), answer) || answer.status() == 200) {
                        seen.add(answer);
                    }
                }
                if (answer.status() == 200) {
                    return;
                }
                sleep(50);
            }
        });
        sleep(20);
        STACK.startApp();
        polling.get();
        synchronized (seen) {
            LOG.info(() -> "StartupIT saw: " + seen);
            return List.copyOf(seen);
        }
    }

    private static boolean sameKind(Seen a, Seen b) {
        return a.status() == b.status() && String.valueOf(a.retryAfter()).equals(String.valueOf(b.retryAfter()));
    }

    private Seen poll() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/chat/x/history"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Seen(answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null),
                    answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        } catch (IOException refused) {
            return new Seen(0, null, "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertOnlyRefusedOr503Before200(List<Seen> seen, String when) {
        assertTrue(!seen.isEmpty() && seen.get(seen.size() - 1).status() == 200,
                when + ": no 200 within " + START.toSeconds() + " s; saw " + seen);
        for (Seen answer : seen.subList(0, seen.size() - 1)) {
            if (answer.status() == 0) {
                continue;
            }
            assertEquals(503, answer.status(), when + ": before the first 200 only refused connections or 503; saw " + seen);
            assertEquals("2", answer.retryAfter(), when + ": a 503 says when to retry; saw " + seen);
            assertTrue(answer.contentType().startsWith("application/problem+json"), when + ": " + seen);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
