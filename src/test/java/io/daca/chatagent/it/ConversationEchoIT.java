package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Conversation mode end to end with Dapr's echo conversation component
 * (components/conversation/echo.yaml) in a real daprd: the echo answers with the text of every
 * message it was sent, joined by newlines, and one token per word, so each answer shows exactly
 * what the actor sent the model. Redis components (the events can be read back from the pubsub's
 * stream) and both Dapr tokens (the preview client must send the API token too).
 */
@ExtendWith(ArquillianExtension.class)
class ConversationEchoIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final String PROMPT = "You are a test agent.";

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().name("conversation-echo").withTokens()
            .conversation("echo").setting("chat.conversation.system-prompt", PROMPT)
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    /** What the echo answers: the prompt, the window and the message, one per line. */
    private static String echo(List<String> window, String message) {
        List<String> lines = new ArrayList<>();
        lines.add(PROMPT);
        window.forEach(entry -> lines.add(entry.substring(entry.indexOf(':') + 1)));
        lines.add(message);
        return String.join("\n", lines);
    }

    private static long words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    @Test
    void theModelGetsTheSystemPromptTheWindowAndTheMessageAndItsAnswerIsStored() {
        String user = "echo-window";
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":" + ServiceClient.quote(PROMPT + "\nHi there") + "}}",
                service.ok(service.chat(user, "Hi there")));

        List<String> window = new ArrayList<>(List.of("user:Hi there", "assistant:" + PROMPT + "\nHi there"));
        assertEquals(window, ServiceClient.entries(service.history(user)));
        for (String message : List.of("How are you?", "Bye")) {
            String expected = echo(window, message);
            JsonNode answer = ServiceClient.json(service.chat(user, message)).get("response");
            assertEquals("assistant", answer.get("role").asText());
            assertEquals(expected, answer.get("content").asText());
            window.add("user:" + message);
            window.add("assistant:" + expected);
            window = new ArrayList<>(window.subList(Math.max(0, window.size() - 5), window.size()));
        }
        // The window of five: the first message fell out, the rest is what the model answered.
        assertEquals(window, ServiceClient.entries(service.history(user)));
        assertEquals(5, window.size());
        assertFalse(window.contains("user:Hi there"));
    }

    @Test
    void eachAnswerIsPublishedWithItsUsageAndCountedWithItsTokens() {
        String user = "echo-count";
        List<String> answers = new ArrayList<>();
        List<String> window = new ArrayList<>();
        for (String message : List.of("one two three", "four five")) {
            String answer = ServiceClient.json(service.chat(user, message)).get("response").get("content").asText();
            assertEquals(echo(window, message), answer);
            answers.add(answer);
            window.add("user:" + message);
            window.add("assistant:" + answer);
        }
        // The echo reports as many prompt as completion tokens: the words of its answer.
        long tokens = answers.stream().mapToLong(ConversationEchoIT::words).sum();
        String expected = "{\"message_count\":2,\"prompt_tokens\":" + tokens + ",\"completion_tokens\":" + tokens
                + ",\"total_tokens\":" + 2 * tokens + "}";
        LocalDaprStack.await("both answers to be counted with their tokens", EVENTUALLY,
                () -> expected.equals(service.get("/analytics/" + user).body()));

        // The ConversationUpdated events on the broker carry the model's answers and their usage.
        Map<Long, JsonNode> events = events(user);
        assertEquals(List.of(1L, 2L), List.copyOf(events.keySet()));
        for (long seq = 1; seq <= 2; seq++) {
            JsonNode data = events.get(seq);
            String answer = answers.get((int) seq - 1);
            assertEquals("assistant", data.get("output").get("role").asText());
            assertEquals(answer, data.get("output").get("content").asText());
            assertEquals(words(answer), data.get("usage").get("prompt_tokens").asLong());
            assertEquals(words(answer), data.get("usage").get("completion_tokens").asLong());
            assertEquals(2 * words(answer), data.get("usage").get("total_tokens").asLong());
        }
    }

    /** The data of the user's ConversationUpdated events in the pubsub's stream, by seq. */
    private static Map<Long, JsonNode> events(String user) {
        Map<Long, JsonNode> events = new TreeMap<>();
        for (String line : STACK.pubsubRedisCli("XRANGE", "user-chat", "-", "+").split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode data = ServiceClient.JSON.readTree(line).get("data");
                if (data != null && user.equals(data.path("actor_id").asText())) {
                    events.put(data.get("seq").asLong(), data);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(line, e);
            }
        }
        return events;
    }
}
