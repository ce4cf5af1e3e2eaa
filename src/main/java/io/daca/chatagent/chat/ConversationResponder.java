package io.daca.chatagent.chat;

import io.daca.chatagent.config.ResponderSettings;
import io.daca.chatagent.dapr.DaprFailures;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.AssistantMessage;
import io.dapr.client.domain.ConversationInputAlpha2;
import io.dapr.client.domain.ConversationMessage;
import io.dapr.client.domain.ConversationMessageContent;
import io.dapr.client.domain.ConversationRequestAlpha2;
import io.dapr.client.domain.ConversationResponseAlpha2;
import io.dapr.client.domain.ConversationResultAlpha2;
import io.dapr.client.domain.ConversationResultChoices;
import io.dapr.client.domain.ConversationResultCompletionUsage;
import io.dapr.client.domain.SystemMessage;
import io.dapr.client.domain.UserMessage;
import io.dapr.exceptions.DaprException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers with a language model through Dapr's Conversation API ({@code converseAlpha2}): the
 * component {@code chat.conversation.component} gets the system prompt, the stored conversation
 * and the new message, and its first non-empty choice becomes the reply. Which provider answers
 * is the component's business (conversation.openai, .anthropic, .ollama, .echo, ...), so the
 * deployment chooses it.
 *
 * <p>The client's gRPC deadline is {@code chat.conversation.timeout-ms} (see DaprClients), which
 * daprd carries into its call to the provider; a timer a little longer backs it up. A provider
 * error, a deadline passed or an answer without text fail with a {@link ModelFailure}.
 */
public final class ConversationResponder implements Responder {

    /** How much longer than the gRPC deadline the backup timer waits. */
    static final Duration BACKSTOP = Duration.ofSeconds(2);

    private final DaprPreviewClient client;
    private final ResponderSettings settings;

    public ConversationResponder(DaprPreviewClient client, ResponderSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public Mono<Answer> answer(List<ChatMessage> history, ChatMessage message) {
        // SDK 1.17's converseAlpha2 blocks the calling thread until the answer is in: never on an
        // actor's (gRPC or Reactor) thread.
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.defer(() -> client.converseAlpha2(request(history, message)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .timeout(settings.timeout().plus(BACKSTOP))
                    .map(this::answerOf)
                    .onErrorMap(error -> !(error instanceof ModelFailure),
                            error -> failure(error, Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    /** The system prompt (if any), the conversation so far and the new message, oldest first. */
    ConversationRequestAlpha2 request(List<ChatMessage> history, ChatMessage message) {
        List<ConversationMessage> messages = new ArrayList<>(history.size() + 2);
        if (!settings.systemPrompt().isBlank()) {
            messages.add(new SystemMessage(content(settings.systemPrompt())));
        }
        history.forEach(entry -> messages.add(sdkMessage(entry)));
        messages.add(sdkMessage(message));
        return new ConversationRequestAlpha2(settings.component(), List.of(new ConversationInputAlpha2(messages)));
    }

    private static ConversationMessage sdkMessage(ChatMessage message) {
        return switch (message.role()) {
            case ChatMessage.ROLE_ASSISTANT -> new AssistantMessage(content(message.content()), List.of());
            case "system" -> new SystemMessage(content(message.content()));
            // user, and whatever else an older client may have stored
            default -> new UserMessage(content(message.content()));
        };
    }

    private static List<ConversationMessageContent> content(String text) {
        return List.of(new ConversationMessageContent(text));
    }

    /** The first choice with text, and the tokens all outputs report. */
    Answer answerOf(ConversationResponseAlpha2 response) {
        String text = null;
        TokenUsage usage = null;
        int outputs = 0;
        for (ConversationResultAlpha2 output : response.getOutputs()) {
            outputs++;
            ConversationResultCompletionUsage reported = output.getUsage();
            if (reported != null) {
                TokenUsage tokens = TokenUsage.reported(reported.getPromptTokens(), reported.getCompletionTokens(),
                        reported.getTotalTokens());
                usage = usage == null ? tokens : usage.plus(tokens);
            }
            for (ConversationResultChoices choice : output.getChoices()) {
                if (text == null && choice.getMessage() != null && choice.getMessage().getContent() != null
                        && !choice.getMessage().getContent().isBlank()) {
                    text = choice.getMessage().getContent();
                }
            }
        }
        if (text == null) {
            throw new ModelFailure(ModelFailure.Kind.EMPTY, settings.component(),
                    outputs + " output(s), none with text", null);
        }
        return new Answer(ChatMessage.assistant(text), usage);
    }

    /**
     * A failure that came after the timeout is a timeout, whatever daprd called it: when the
     * client's own deadline timer runs late (a busy CPU), daprd's answer to the same passed
     * deadline can arrive first, as INTERNAL "failed conversing with component ...: context
     * deadline exceeded" (seen once in CI as a 502 where the client waited out the timeout).
     */
    private ModelFailure failure(Throwable error, Duration waited) {
        if (timedOut(error) || waited.compareTo(settings.timeout()) >= 0) {
            return new ModelFailure(ModelFailure.Kind.TIMED_OUT, settings.component(),
                    "no answer within " + settings.timeout().toMillis() + " ms", error);
        }
        return new ModelFailure(ModelFailure.Kind.FAILED, settings.component(), DaprFailures.describe(error), error);
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
            if (cause instanceof DaprException dapr && Status.Code.DEADLINE_EXCEEDED.name().equals(dapr.getErrorCode())) {
                return true;
            }
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return true;
            }
        }
        return false;
    }
}
