package io.daca.chatagent.chat;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.ResponderSettings;
import io.daca.chatagent.dapr.DaprFailures;
import io.daca.chatagent.dapr.SidecarUnavailableException;
import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.observe.TraceContext;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorProxyBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * Calls ChatAgent actors through daprd. Each call is bounded by {@code dapr.actor-call-timeout-ms}
 * (plus {@code chat.conversation.timeout-ms} in conversation mode); a sidecar that is down, slow or
 * failing becomes a 503 the client can retry, a language model that failed a 502 or 504.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    @Inject
    ActorProxyBuilder<ChatAgent> proxies;

    @Inject
    ActorProxyBuilder<ChatAgentOperations> operations;

    @Inject
    DaprSettings settings;

    @Inject
    ResponderSettings responder;

    /** The id of the instance that hosts the actor (activating it if it was not active). */
    public CompletionStage<String> host(UserId user) {
        return bounded(user, "GetHost", operations.build(actorId(user)).getHost());
    }

    public CompletionStage<ChatMessage> send(UserId user, ChatMessage message, Optional<IdempotencyKey> key) {
        return key.isEmpty()
                ? bounded(user, "ProcessMessage", agent(user).processMessage(message))
                : bounded(user, "ProcessMessageOnce", operations.build(actorId(user))
                        .processMessageOnce(new ChatRequest(message, key.get().value())));
    }

    public CompletionStage<List<ChatMessage>> history(UserId user) {
        return bounded(user, "GetConversationHistory",
                agent(user).getConversationHistory().map(List::of).defaultIfEmpty(List.of()));
    }

    private ChatAgent agent(UserId user) {
        return proxies.build(actorId(user));
    }

    private static ActorId actorId(UserId user) {
        return new ActorId(user.value());
    }

    private <T> CompletionStage<T> bounded(UserId user, String method, Mono<T> call) {
        return call.timeout(settings.actorCallTimeout())
                .onErrorMap(DaprFailures::isSidecarFailure, error -> failure(user, method, error))
                // The caller's trace context, for daprd (read now, on the request's thread).
                .contextWrite(TraceContext.current().reactorContext())
                .toFuture();
    }

    /**
     * What the client gets for a failed actor call. daprd relays an actor's own failure as text
     * only, so the refusals the actor means for the client are recognised by their text: a
     * language model that failed (502), said nothing (502) or did not answer in time (504), and a
     * full outbox (503); none of them stored anything. Anything else is the sidecar's (503).
     */
    private ApiException failure(UserId user, String method, Throwable error) {
        String relayed = describe(error);
        LOG.warning(() -> method + " for actor " + user + " failed: " + relayed);
        Optional<ModelFailure.Kind> model = ModelFailure.Kind.in(relayed);
        if (model.isPresent()) {
            return new ApiException(model.get().status(), modelDetail(model.get(), user), error);
        }
        if (relayed.contains(ChatAgentActor.OUTBOX_FULL)) {
            return new SidecarUnavailableException("User '" + user + "' has too many "
                    + ChatAgentActor.OUTBOX_FULL + " (the event broker seems unavailable); this message "
                    + "was not stored. Retry later.", error);
        }
        return new SidecarUnavailableException(
                "The Dapr sidecar could not complete " + method + " for actor '" + user
                        + "': " + relayed + ". Retry shortly.", error);
    }

    private String modelDetail(ModelFailure.Kind kind, UserId user) {
        String what = switch (kind) {
            case FAILED -> "The language model could not answer user '" + user + "': its provider failed";
            case EMPTY -> "The language model answered user '" + user + "' with no text";
            case TIMED_OUT -> "The language model did not answer user '" + user + "' within "
                    + responder.timeout().toMillis() + " ms";
        };
        return what + ". This message was not stored; retry later.";
    }

    private String describe(Throwable error) {
        return error instanceof TimeoutException
                ? "no answer within " + settings.actorCallTimeout().toMillis() + " ms"
                : DaprFailures.describe(error);
    }
}
