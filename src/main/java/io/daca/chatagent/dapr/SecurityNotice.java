package io.daca.chatagent.dapr;

import io.daca.chatagent.config.AnalyticsSettings;
import io.daca.chatagent.config.DaprSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/** Says once, at start, which guards are off, so nobody runs unguarded without knowing. */
@ApplicationScoped
public class SecurityNotice {

    private static final Logger LOG = Logger.getLogger(SecurityNotice.class.getName());

    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started, DaprSettings dapr,
                 AnalyticsSettings analytics) {
        if (dapr.appApiToken().isEmpty()) {
            LOG.warning("APP_API_TOKEN (app.api-token) is not set: anyone who reaches this app's port can call "
                    + "the actor and subscription routes past daprd (scripts/run.sh and the Kubernetes overlays set it)");
        }
        if (analytics.adminToken().isEmpty()) {
            LOG.info("ANALYTICS_ADMIN_TOKEN (analytics.admin-token) is not set: POST /analytics/{id}/initialize "
                    + "is open to anyone who reaches the API");
        }
    }
}
