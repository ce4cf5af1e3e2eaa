package io.daca.chatagent.dapr;

import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The parts of daprd's HTTP API the Java SDK does not cover, as a MicroProfile Rest Client.
 * Built by {@link DaprClients} with the sidecar address and the timeouts from the settings.
 */
@Path("/v1.0")
public interface SidecarApi {

    /** 204 when the sidecar is healthy. */
    @GET
    @Path("healthz")
    Response health();

    /** The sidecar's metadata: app id, components, and the actor runtime's active actors. */
    @GET
    @Path("metadata")
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject metadata();
}
