package io.daca.chatagent.dapr;

import io.daca.chatagent.config.ServiceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    ServiceSettings settings;

    @Override
    public HealthCheckResponse call() {
        String url = settings.sidecarHttpUrl() + "/v1.0/healthz";
        var answer = HealthCheckResponse.named("dapr-sidecar").withData("url", url);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(settings.sidecarHealthTimeout()).GET();
            settings.daprApiToken().ifPresent(token -> request.header("dapr-api-token", token));
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return answer.withData("status", status).status(status >= 200 && status < 300).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer.withData("error", "interrupted").down().build();
        } catch (Exception e) {
            return answer.withData("error", String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()))
                    .down().build();
        }
    }
}
