package io.daca.chatagent.it.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for an OpenAI-compatible server, so that Dapr's real
 * {@code conversation.openai} component (in a real daprd) has something to call in the tests.
 *
 * <p>What it is: an HTTP server in the test JVM, on 127.0.0.1, that answers
 * {@code POST <base>/chat/completions} with the next answer a test scripted (a text with token
 * usage, an error status, an empty text, any of them after a delay), or with a default text, in
 * the JSON shape of OpenAI's chat-completions API; it keeps each request (body and Authorization
 * header) for the test to read. What it is not: a language model, or a check of the OpenAI
 * protocol. It does not stream, validate requests, or implement any other endpoint.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. */
    public record Answer(int status, String body, Duration delay) {

        /** A choice with this text, and the usage the provider reports. */
        public static Answer text(String content, long promptTokens, long completionTokens) {
            String message = JSON.createObjectNode().put("role", "assistant").put("content", content).toString();
            return new Answer(200, "{\"id\":\"chatcmpl-test\",\"object\":\"chat.completion\",\"created\":0,"
                    + "\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"message\":" + message
                    + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
                    + (promptTokens + completionTokens) + "}}", Duration.ZERO);
        }

        /** An error as OpenAI reports one. */
        public static Answer error(int status, String message) {
            return new Answer(status, "{\"error\":{\"message\":" + JSON.valueToTree(message) + ",\"type\":\"server_error\"}}",
                    Duration.ZERO);
        }

        /** This answer, sent only after {@code wait}. */
        public Answer after(Duration wait) {
            return new Answer(status, body, wait);
        }
    }

    /** What the server received. */
    public record Request(String authorization, JsonNode body) {

        /** The contents of the request's messages, in order, each as {@code role:content}. */
        public List<String> messages() {
            List<String> messages = new ArrayList<>();
            body.path("messages").forEach(m -> messages.add(m.path("role").asText() + ":" + m.path("content").asText()));
            return messages;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Answer otherwise = Answer.text("fake answer", 1, 1);

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts it on a port the kernel picks (bound at once, so no other process can take it meanwhile). */
    public static FakeOpenAiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeOpenAiServer fake = new FakeOpenAiServer(http);
            http.createContext("/", fake::handle);
            http.setExecutor(fake.executor);
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the fake OpenAI server", e);
        }
    }

    /** The base URL to configure as the component's endpoint. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The answers to the next requests, in order; after them, the default. */
    public synchronized void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** The answer when nothing is scripted. */
    public synchronized void answerOtherwise(Answer answer) {
        otherwise = answer;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(exchange, Answer.error(404, "only POST .../chat/completions is served here"));
                return;
            }
            Answer answer;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"),
                        JSON.readTree(new String(body, StandardCharsets.UTF_8))));
                answer = script.isEmpty() ? otherwise : script.poll();
            }
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The caller gave up (e.g. its deadline passed) before the answer was written.
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
