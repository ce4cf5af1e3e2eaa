package io.daca.chatagent.dapr;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.web.ProblemDetail;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * When {@code APP_API_TOKEN} is set, daprd sends it as header {@code dapr-api-token} on every
 * call to the app; anything else calling the JAX-RS callback routes ({@link DaprCallback}) is
 * refused. {@link ActorCallbackServlet} checks the same for {@code /actors/*}.
 */
@Provider
@DaprCallback
public class AppApiTokenFilter implements ContainerRequestFilter {

    @Inject
    DaprSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!AppTokenCheck.passes(settings.appApiToken(), request.getHeaderString(DaprClients.TOKEN_HEADER))) {
            request.abortWith(ProblemDetail.response(Response.Status.UNAUTHORIZED, AppTokenCheck.REFUSED));
        }
    }
}
