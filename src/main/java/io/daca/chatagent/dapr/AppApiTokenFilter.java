package io.daca.chatagent.dapr;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.web.ProblemDetail;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * When {@code APP_API_TOKEN} is set, daprd sends it as header {@code dapr-api-token} on every
 * call to the app; anything else calling the actor-host routes is refused. (The SDK's actor
 * runtime cannot send a Dapr API token itself, so this is how the callback side is protected.)
 */
@Provider
@DaprCallback
public class AppApiTokenFilter implements ContainerRequestFilter {

    @Inject
    DaprSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> expected = settings.appApiToken();
        if (expected.isEmpty()) {
            return;
        }
        String presented = request.getHeaderString(DaprClients.TOKEN_HEADER);
        if (presented == null || !MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(ProblemDetail.response(Response.Status.UNAUTHORIZED,
                    "Missing or wrong dapr-api-token header"));
        }
    }
}
