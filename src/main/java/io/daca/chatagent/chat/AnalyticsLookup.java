package io.daca.chatagent.chat;

import io.daca.chatagent.analytics.AnalyticsInvoker;
import io.daca.chatagent.config.ServiceSettings;
import io.daca.chatagent.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

/** The chat side's view of analytics: asked through Dapr service invocation, never directly. */
@ApplicationScoped
public class AnalyticsLookup {

    @Inject
    AnalyticsInvoker invoker;

    @Inject
    ServiceSettings settings;

    /** The user's message count, 0 when analytics has not seen the user yet. */
    public long messageCountOf(String userId) {
        String target = settings.appId() + "." + settings.namespace();
        try {
            return invoker.messageCount(target, userId).getJsonNumber("message_count").longValue();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return 0;
            }
            throw ApiException.unavailable("Service invocation of " + target + " answered "
                    + e.getResponse().getStatus(), e);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("Service invocation of " + target + " failed: " + e.getMessage(), e);
        }
    }
}
