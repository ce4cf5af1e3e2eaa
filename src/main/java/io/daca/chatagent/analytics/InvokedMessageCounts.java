package io.daca.chatagent.analytics;

import io.daca.chatagent.chat.MessageCounts;
import io.daca.chatagent.chat.UserId;
import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.DaprClients;
import io.daca.chatagent.dapr.SidecarUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Message counts asked of the analytics API through Dapr service invocation of
 * {@code <app-id>.<namespace>}, as the reference's chat service asks its analytics service,
 * never by reading the store directly.
 */
@ApplicationScoped
public class InvokedMessageCounts implements MessageCounts {

    @Inject
    DaprSettings dapr;

    @Inject
    InstanceSettings instance;

    private AnalyticsInvoker invoker;
    private String target;

    @PostConstruct
    void connect() {
        invoker = DaprClients.sidecarRestClient(AnalyticsInvoker.class, dapr.invokeTimeout(), dapr);
        target = dapr.appId() + "." + instance.namespace();
    }

    @Override
    public CompletionStage<Long> of(UserId user) {
        return invoker.messageCount(target, user.value())
                .thenApply(answer -> answer.getJsonNumber("message_count").longValue())
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof WebApplicationException e) {
                        if (e.getResponse().getStatus() == 404) {
                            return 0L;
                        }
                        throw new SidecarUnavailableException("Service invocation of " + target + " answered "
                                + e.getResponse().getStatus(), e);
                    }
                    throw new SidecarUnavailableException("Service invocation of " + target + " failed: "
                            + cause.getMessage(), cause);
                });
    }
}
