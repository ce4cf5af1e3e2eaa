package io.daca.chatagent.dapr;

import io.dapr.actors.runtime.ActorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The app health endpoint daprd probes ({@code --app-health-check-path}). Not a
 * {@link DaprCallback}: daprd 1.17 sends no {@code dapr-api-token} on its health probes, so with
 * {@code APP_API_TOKEN} set a guarded probe never passed, daprd never read {@code /dapr/config}
 * and no actor could be placed here. It reveals nothing but "the app is up".
 *
 * <p>Healthy only once the actor types are registered: daprd reads {@code /dapr/config} once,
 * right after the first healthy probe, and never again.
 */
@Path("/healthz")
@ApplicationScoped
public class AppHealthResource {

    @Inject
    ActorRuntime runtime;

    @GET
    public Response health() {
        // The runtime is produced with the actor types registered: having it is being ready.
        return runtime.getConfig() != null ? Response.ok().build()
                : Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
}
