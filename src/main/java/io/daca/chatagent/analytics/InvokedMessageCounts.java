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
    public long of(UserId user) {
        try {
            return invoker.messageCount(target, user.value()).getJsonNumber("message_count").longValue();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return 0;
            }
            throw new SidecarUnavailableException("Service invocation of " + target + " answered "
                    + e.getResponse().getStatus(), e);
        } catch (RuntimeException e) {
            throw new SidecarUnavailableException("Service invocation of " + target + " failed: " + e.getMessage(), e);
        }
    }
}
