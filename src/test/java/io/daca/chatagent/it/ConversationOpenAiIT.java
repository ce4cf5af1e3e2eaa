package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daca.chatagent.it.stack.FakeOpenAiServer;
import io.daca.chatagent.it.stack.FakeOpenAiServer.Answer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Conversation mode with Dapr's real conversation.openai component, as components/conversation/
 * openai.yaml configures it (key, model and endpoint from daprd's environment through the env
 * secret store), talking to {@link FakeOpenAiServer}, a scripted stand-in for an OpenAI-compatible
 * server. What a provider can do wrong (an error, a slow answer, an empty one) must reach the
 * client as a 502 or 504 problem, store nothing and publish nothing; a retry later works.
 */
@ExtendWith(ArquillianExtension.class)
class ConversationOpenAiIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final int MODEL_TIMEOUT_MS = 3000;
    private static final String KEY = "test-key-not-a-secret";

    private static final FakeOpenAiServer PROVIDER = FakeOpenAiServer.start();

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("conversation-openai")
            .conversation("openai")
            .daprdEnvironment("LLM_API_KEY", KEY)
            .daprdEnvironment("LLM_MODEL", "fake-model")
            .daprdEnvironment("LLM_ENDPOINT", PROVIDER.baseUrl())
            .setting("chat.conversation.system-prompt", "Be brief.")
            .setting("chat.conversation.timeout-ms", Integer.toString(MODEL_TIMEOUT_MS))
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void theProvidersAnswerIsTheReplyAndItsUsageIsCounted() {
        PROVIDER.answerNext(Answer.text("Hello from the model.", 20, 5));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Hello from the model.\"}}",
                service.ok(service.chat("openai-user", "Hi")));

        FakeOpenAiServer.Request sent = last();
        assertEquals("Bearer " + KEY, sent.authorization(), "the key from the Secret (here: daprd's environment)");
        assertEquals("fake-model", sent.body().get("model").asText());
        assertEquals(List.of("system:Be brief.", "user:Hi"), sent.messages());

        PROVIDER.answerNext(Answer.text("Still here.", 31, 3));
        service.ok(service.chat("openai-user", "Still there?"));
        assertEquals(List.of("system:Be brief.", "user:Hi", "assistant:Hello from the model.", "user:Still there?"),
                last().messages());
        LocalDaprStack.await("the answers to be counted with their tokens", EVENTUALLY, () ->
                "{\"message_count\":2,\"prompt_tokens\":51,\"completion_tokens\":8,\"total_tokens\":59}"
                        .equals(service.get("/analytics/openai-user").body()));
    }

    @Test
    void aProviderErrorIsA502AndStoresNothingAndTheRetryWithTheSameKeyIsStoredOnce() {
        String user = "provider-error";
        ServiceClient keyed = service.withHeader("Idempotency-Key", "retry-1");
        PROVIDER.answerNext(Answer.error(500, "The server is overloaded."));
        assertProblem(502, "its provider failed", keyed.chat(user, "Hello?"));
        assertEquals(List.of(), ServiceClient.entries(service.history(user)));

        PROVIDER.answerNext(Answer.text("Better now.", 4, 2));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Better now.\"}}", service.ok(keyed.chat(user, "Hello?")));
        assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Better now.\"}}", service.ok(keyed.chat(user, "Hello?")),
                "the same key gets the first answer again");
        assertEquals(List.of("user:Hello?", "assistant:Better now."), ServiceClient.entries(service.history(user)));
        assertCountedOnce(user);
    }

    @Test
    void aRefusedKeyIsA502AndStoresNothing() {
        String user = "bad-key";
        PROVIDER.answerNext(Answer.error(401, "Incorrect API key provided."));
        assertProblem(502, "its provider failed", service.chat(user, "Hello?"));
        assertEquals(List.of(), ServiceClient.entries(service.history(user)));
    }

    @Test
    void noAnswerInTimeIsA504AndStoresNothing() {
        String user = "slow-model";
        PROVIDER.answerNext(Answer.text("Too late.", 1, 1).after(Duration.ofMillis(MODEL_TIMEOUT_MS + 4000)));
        long start = System.nanoTime();
        HttpResponse<String> response = service.chat(user, "Are you there?");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertProblem(504, "did not answer user 'slow-model' within " + MODEL_TIMEOUT_MS + " ms", response);
        assertTrue(tookMs < MODEL_TIMEOUT_MS + 4000, "the model's timeout, not the actor call's deadline: " + tookMs + " ms");
        assertEquals(List.of(), ServiceClient.entries(service.history(user)));

        PROVIDER.answerNext(Answer.text("Here now.", 2, 2));
        service.ok(service.chat(user, "Are you there?"));
        assertEquals(List.of("user:Are you there?", "assistant:Here now."), ServiceClient.entries(service.history(user)));
        assertCountedOnce(user);
    }

    @Test
    void anEmptyAnswerIsA502AndStoresNothing() {
        String user = "silent-model";
        PROVIDER.answerNext(Answer.text("", 3, 0));
        assertProblem(502, "with no text", service.chat(user, "Say something"));
        assertEquals(List.of(), ServiceClient.entries(service.history(user)));
        assertEquals(404, service.get("/analytics/" + user).statusCode(), "no event, so analytics never saw the user");
    }

    private static FakeOpenAiServer.Request last() {
        List<FakeOpenAiServer.Request> requests = PROVIDER.requests();
        return requests.get(requests.size() - 1);
    }

    private static void assertProblem(int status, String detail, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = ServiceClient.json(response);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains(detail), response.body());
        assertTrue(problem.get("detail").asText().contains("not stored"), response.body());
    }

    /** The one stored exchange is counted, and the failed attempt published nothing to count. */
    private void assertCountedOnce(String user) {
        LocalDaprStack.await(user + "'s message to be counted", EVENTUALLY, () -> service.messageCount(user) == 1);
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(1, service.messageCount(user));
    }
}
