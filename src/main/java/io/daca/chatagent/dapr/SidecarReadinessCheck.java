package io.daca.chatagent.dapr;

import io.daca.chatagent.config.DaprSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the sidecar answers its health endpoint: without daprd no chat can succeed,
 * so a load balancer should send traffic elsewhere.
 */
@Readiness
@ApplicationScoped
public class SidecarReadinessCheck implements HealthCheck {

    @Inject
    SidecarApi sidecar;

    @Inject
    DaprSettings settings;

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("dapr-sidecar").withData("url", settings.httpUrl());
        try (Response response = sidecar.health()) {
            int status = response.getStatus();
            return answer.withData("status", status).status(status >= 200 && status < 300).build();
        } catch (RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            return answer.withData("error", reason).down().build();
        }
    }
}
