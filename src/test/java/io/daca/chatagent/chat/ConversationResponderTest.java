package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daca.chatagent.config.ResponderSettings;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.ConversationMessage;
import io.dapr.client.domain.ConversationMessageRole;
import io.dapr.client.domain.ConversationRequestAlpha2;
import io.dapr.client.domain.ConversationResponseAlpha2;
import io.dapr.client.domain.ConversationResultAlpha2;
import io.dapr.client.domain.ConversationResultChoices;
import io.dapr.client.domain.ConversationResultCompletionUsage;
import io.dapr.client.domain.ConversationResultMessage;
import io.dapr.exceptions.DaprException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ConversationResponderTest {

    private static final ResponderSettings SETTINGS = new ResponderSettings(ResponderSettings.Mode.CONVERSATION, "llm",
            "Be brief.", Duration.ofSeconds(5));
    private static final List<ChatMessage> HISTORY = List.of(new ChatMessage("user", "Hi"),
            ChatMessage.assistant("Hello!"), new ChatMessage("system", "Speak French."));
    private static final ChatMessage MESSAGE = new ChatMessage("user", "How are you?");

    private final AtomicReference<ConversationRequestAlpha2> sent = new AtomicReference<>();

    /** A preview client whose converseAlpha2 answers with {@code answer}; every other method fails. */
    private DaprPreviewClient client(Function<ConversationRequestAlpha2, Mono<ConversationResponseAlpha2>> answer) {
        return (DaprPreviewClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DaprPreviewClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("converseAlpha2")) {
                        sent.set((ConversationRequestAlpha2) args[0]);
                        return answer.apply((ConversationRequestAlpha2) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ConversationResponseAlpha2 response(ConversationResultAlpha2... outputs) {
        return new ConversationResponseAlpha2(null, List.of(outputs));
    }

    private static ConversationResultAlpha2 output(ConversationResultCompletionUsage usage, String... texts) {
        List<ConversationResultChoices> choices = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            choices.add(new ConversationResultChoices("stop", i, new ConversationResultMessage(texts[i])));
        }
        return new ConversationResultAlpha2(choices, "test-model", usage);
    }

    private Responder.Answer answer(ConversationResponseAlpha2 response) {
        return new ConversationResponder(client(request -> Mono.just(response)), SETTINGS)
                .answer(HISTORY, MESSAGE).block(Duration.ofSeconds(10));
    }

    private ModelFailure failure(Function<ConversationRequestAlpha2, Mono<ConversationResponseAlpha2>> answer,
                                 ResponderSettings settings) {
        return assertThrows(ModelFailure.class,
                () -> new ConversationResponder(client(answer), settings).answer(HISTORY, MESSAGE).block(Duration.ofSeconds(20)));
    }

    @Test
    void sendsTheSystemPromptTheHistoryAndTheMessageToTheComponent() {
        answer(response(output(null, "Fine.")));
        ConversationRequestAlpha2 request = sent.get();
        assertEquals("llm", request.getName());
        assertEquals(1, request.getInputs().size());
        List<ConversationMessage> messages = request.getInputs().get(0).getMessages();
        assertEquals(List.of(ConversationMessageRole.SYSTEM, ConversationMessageRole.USER, ConversationMessageRole.ASSISTANT,
                ConversationMessageRole.SYSTEM, ConversationMessageRole.USER), messages.stream().map(ConversationMessage::getRole).toList());
        assertEquals(List.of("Be brief.", "Hi", "Hello!", "Speak French.", "How are you?"),
                messages.stream().map(m -> m.getContent().get(0).getText()).toList());
    }

    @Test
    void anEmptySystemPromptIsNotSent() {
        new ConversationResponder(client(request -> Mono.just(response(output(null, "ok")))),
                new ResponderSettings(ResponderSettings.Mode.CONVERSATION, "llm", "", Duration.ofSeconds(5)))
                .answer(List.of(), MESSAGE).block(Duration.ofSeconds(10));
        assertEquals(List.of(ConversationMessageRole.USER),
                sent.get().getInputs().get(0).getMessages().stream().map(ConversationMessage::getRole).toList());
    }

    @Test
    void theFirstChoiceWithTextIsTheReplyAndTheUsageIsSummed() {
        Responder.Answer answer = answer(response(output(new ConversationResultCompletionUsage(3, 10, 13), " ", "Fine, thanks."),
                output(new ConversationResultCompletionUsage(1, 2, 3), "Second")));
        assertEquals(ChatMessage.assistant("Fine, thanks."), answer.reply());
        assertEquals(new TokenUsage(12, 4, 16), answer.usage());
    }

    @Test
    void usageOfAllZerosIsNoUsage() {
        assertNull(answer(response(output(new ConversationResultCompletionUsage(0, 0, 0), "ok"))).usage());
        assertNull(answer(response(output(null, "ok"))).usage());
    }

    @Test
    void anAnswerWithoutTextIsAnEmptyAnswer() {
        assertEquals(ModelFailure.Kind.EMPTY, failure(request -> Mono.just(response()), SETTINGS).kind());
        assertEquals(ModelFailure.Kind.EMPTY, failure(request -> Mono.just(response(output(null, "", "  "))), SETTINGS).kind());
        assertEquals(ModelFailure.Kind.EMPTY, failure(request -> Mono.just(response(new ConversationResultAlpha2(
                List.of(new ConversationResultChoices("tool_calls", 0, null)), "m", null))), SETTINGS).kind());
    }

    @Test
    void aProviderErrorFails() {
        ModelFailure failure = failure(request -> Mono.error(new DaprException("INTERNAL",
                "failed conversing with component llm: API returned unexpected status code: 500", (Throwable) null)), SETTINGS);
        assertEquals(ModelFailure.Kind.FAILED, failure.kind());
    }

    @Test
    void aPassedDeadlineOrNoAnswerInTimeTimesOut() {
        assertEquals(ModelFailure.Kind.TIMED_OUT, failure(request -> Mono.error(new DaprException("DEADLINE_EXCEEDED",
                "DEADLINE_EXCEEDED: deadline exceeded after 4.99s", (Throwable) null)), SETTINGS).kind());
        ResponderSettings quick = new ResponderSettings(ResponderSettings.Mode.CONVERSATION, "llm", "", Duration.ofMillis(100));
        assertEquals(ModelFailure.Kind.TIMED_OUT, failure(request -> Mono.never(), quick).kind());
    }

    @Test
    void daprdsOwnAnswerToAPassedDeadlineTimesOutToo() {
        ResponderSettings quick = new ResponderSettings(ResponderSettings.Mode.CONVERSATION, "llm", "", Duration.ofMillis(100));
        DaprException late = new DaprException("INTERNAL",
                "failed conversing with component llm: context deadline exceeded", (Throwable) null);
        assertEquals(ModelFailure.Kind.TIMED_OUT,
                failure(request -> Mono.delay(Duration.ofMillis(150)).then(Mono.error(late)), quick).kind());
        assertEquals(ModelFailure.Kind.FAILED, failure(request -> Mono.error(late), SETTINGS).kind(),
                "the same error before the timeout is the provider's failure");
    }

    @Test
    void theBlockingSdkCallRunsOffTheCallersThread() {
        AtomicReference<Thread> callingThread = new AtomicReference<>();
        new ConversationResponder(client(request -> {
            callingThread.set(Thread.currentThread());
            return Mono.just(response(output(null, "ok")));
        }), SETTINGS).answer(HISTORY, MESSAGE).block(Duration.ofSeconds(10));
        assertEquals(true, callingThread.get().getName().startsWith("boundedElastic"), callingThread.get().getName());
    }
}
