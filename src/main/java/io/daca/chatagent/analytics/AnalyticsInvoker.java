package io.daca.chatagent.analytics;

import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/**
 * The analytics API called through Dapr service invocation, as the reference's chat service calls
 * its analytics service: {@code /v1.0/invoke/<app-id>.<namespace>/method/analytics/...} on the
 * local sidecar, which finds a replica of that app in that namespace (Kubernetes) and applies the
 * Resiliency policy for the target app. A MicroProfile Rest Client built by {@link InvokedMessageCounts}.
 */
@Path("/v1.0/invoke/{target}/method/analytics")
public interface AnalyticsInvoker {

    /** {@code {"message_count":N}}; a user never seen answers 404. */
    @GET
    @Path("{user_id}")
    @Produces(MediaType.APPLICATION_JSON)
    CompletionStage<JsonObject> messageCount(@PathParam("target") String target, @PathParam("user_id") String userId);
}
