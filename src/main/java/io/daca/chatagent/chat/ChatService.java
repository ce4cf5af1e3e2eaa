package io.daca.chatagent.chat;

import io.daca.chatagent.config.ServiceSettings;
import io.daca.chatagent.web.ApiException;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.exceptions.DaprException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * Calls ChatAgent actors through daprd. Each call is bounded by {@code dapr.actor-call-timeout-ms};
 * a sidecar that is down, slow or failing becomes a 503 the client can retry.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    @Inject
    ActorProxyBuilder<ChatAgent> proxies;

    @Inject
    ActorProxyBuilder<ChatAgentLocator> locators;

    @Inject
    ServiceSettings settings;

    /** The id of the instance that hosts the actor (activating it if it was not active). */
    public CompletionStage<String> host(String actorId) {
        return bounded(actorId, "GetHost", locators.build(new ActorId(actorId)).getHost());
    }

    public CompletionStage<ChatMessage> send(String actorId, ChatMessage message) {
        return bounded(actorId, "ProcessMessage", agent(actorId).processMessage(message));
    }

    public CompletionStage<List<ChatMessage>> history(String actorId) {
        return bounded(actorId, "GetConversationHistory",
                agent(actorId).getConversationHistory().map(List::of).defaultIfEmpty(List.of()));
    }

    private ChatAgent agent(String actorId) {
        return proxies.build(new ActorId(actorId));
    }

    private <T> CompletionStage<T> bounded(String actorId, String method, Mono<T> call) {
        return call.timeout(settings.actorCallTimeout())
                .onErrorMap(error -> isSidecarFailure(error), error -> {
                    LOG.warning(() -> method + " for actor " + actorId + " failed: " + describe(error));
                    return ApiException.unavailable(
                            "The Dapr sidecar could not complete " + method + " for actor '" + actorId
                                    + "': " + describe(error) + ". Retry shortly.", error);
                })
                .toFuture();
    }

    private static boolean isSidecarFailure(Throwable error) {
        return error instanceof TimeoutException || error instanceof DaprException
                || error instanceof io.grpc.StatusRuntimeException || error instanceof java.io.IOException;
    }

    private String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no answer within " + settings.actorCallTimeout().toMillis() + " ms";
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
