package io.daca.chatagent.dapr;

import io.dapr.actors.runtime.ActorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The app-callback API that daprd uses to host actors in this app, delegating to the SDK's
 * {@link ActorRuntime}. Bodies are raw bytes: the SDK (de)serialises them itself. Calls complete
 * asynchronously so a slow actor never pins a request thread that daprd's next call needs.
 */
@Path("/")
@ApplicationScoped
@DaprCallback
public class ActorHostResource {

    @Inject
    ActorRuntime runtime;

    /** Registers the actors when the application starts, before daprd asks for them. */
    void registerOnStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        runtime.getConfig();
    }

    @GET
    @Path("dapr/config")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] config() throws IOException {
        return runtime.serializeConfig();
    }

    @DELETE
    @Path("actors/{type}/{id}")
    public CompletionStage<Response> deactivate(@PathParam("type") String type, @PathParam("id") String id) {
        return done(runtime.deactivate(type, id));
    }

    @PUT
    @Path("actors/{type}/{id}/method/{method}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public CompletionStage<byte[]> invoke(@PathParam("type") String type, @PathParam("id") String id,
                                          @PathParam("method") String method, byte[] body) {
        return runtime.invoke(type, id, method, body).defaultIfEmpty(new byte[0]).toFuture();
    }

    @PUT
    @Path("actors/{type}/{id}/method/timer/{timer}")
    public CompletionStage<Response> timer(@PathParam("type") String type, @PathParam("id") String id,
                                           @PathParam("timer") String timer, byte[] body) {
        return done(runtime.invokeTimer(type, id, timer, body));
    }

    @PUT
    @Path("actors/{type}/{id}/method/remind/{reminder}")
    public CompletionStage<Response> reminder(@PathParam("type") String type, @PathParam("id") String id,
                                              @PathParam("reminder") String reminder, byte[] body) {
        return done(runtime.invokeReminder(type, id, reminder, body));
    }

    private static CompletionStage<Response> done(Mono<Void> call) {
        return call.then(Mono.fromSupplier(() -> Response.ok().build())).toFuture();
    }
}
