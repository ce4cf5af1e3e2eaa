package io.daca.chatagent.dapr;

import io.dapr.actors.runtime.ActorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * The actor runtime's configuration as daprd reads it at start ({@code GET /dapr/config}), and the
 * actor types registered when the application starts. The actor calls themselves are served by
 * {@link ActorCallbackServlet}. Each read tells the app that daprd (re)started ({@link SidecarStarted}),
 * before daprd can route any actor call here.
 */
@Path("/")
@ApplicationScoped
@DaprCallback
public class ActorHostResource {

    @Inject
    ActorRuntime runtime;

    @Inject
    Event<SidecarStarted> sidecarStarted;

    /** Registers the actors when the application starts, before daprd asks for them. */
    void registerOnStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        runtime.getConfig();
    }

    @GET
    @Path("dapr/config")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] config() throws IOException {
        sidecarStarted.fire(new SidecarStarted());
        return runtime.serializeConfig();
    }
}
