package io.daca.chatagent.analytics;

import io.daca.chatagent.chat.UserId;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.SidecarApi;
import io.daca.chatagent.dapr.SidecarUnavailableException;
import io.daca.chatagent.partition.ActiveActors;
import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.web.JsonValues;
import io.daca.chatagent.web.ProblemDetail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Message counts built from ConversationUpdated events. */
@Path("/analytics")
@ApplicationScoped
@Tag(name = "analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    /** Counts above this are not messages anyone sent; refusing them keeps totals meaningful. */
    static final long MAX_MESSAGE_COUNT = 1_000_000_000_000L;

    @Inject
    AnalyticsStore store;

    @Inject
    InstanceSettings instance;

    @Inject
    SidecarApi sidecar;

    @Inject
    Deliveries deliveries;

    @Inject
    ActiveActors activeActors;

    @Inject
    AnalyticsWork work;

    // Answers are built with JSON-P: the wire names are snake_case as in the reference, and
    // JSON-B does not apply renames to record components reliably.

    @GET
    @Path("{user_id}")
    @Operation(operationId = "getMessageCount", summary = "A user's message count")
    @APIResponse(responseCode = "200", description = "The user's count", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "MessageCount"),
            examples = @ExampleObject(name = "count", value = "{\"message_count\":20}")))
    @APIResponse(responseCode = "400", description = "Unsafe user id", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "404", description = "A user never seen (detail: User not found)", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "The state store is unavailable", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<JsonObject> user(@Parameter(name = "user_id", required = true, description = "The user's id",
            schema = @Schema(ref = "UserId")) @PathParam("user_id") UserId id) {
        return off(() -> userCount(id));
    }

    private JsonObject userCount(UserId id) {
        return available(() -> store.user(id.value()))
                .map(AnalyticsResource::countAnswer)
                .orElseThrow(() -> new ApiException(Response.Status.NOT_FOUND, "User not found"));
    }

    /**
     * {@code {"message_count":N}}, exactly the reference's answer; a user whose answers came with
     * token usage (conversation mode) gets the summed {@code prompt_tokens},
     * {@code completion_tokens} and {@code total_tokens} after it.
     */
    static JsonObject countAnswer(UserCounter counter) {
        JsonObjectBuilder answer = JsonValues.object().add("message_count", counter.messageCount());
        if (counter.usage() != null) {
            answer.add("prompt_tokens", counter.usage().promptTokens())
                    .add("completion_tokens", counter.usage().completionTokens())
                    .add("total_tokens", counter.usage().totalTokens());
        }
        return answer.build();
    }

    @POST
    @Path("{user_id}/initialize")
    @AdminOperation
    @Operation(operationId = "initializeMessageCount", summary = "Set a user's message count", description =
            "The count comes from the JSON body {\"message_count\":N} or from ?message_count=N (both: they must agree). "
                    + "Events counted before keep being recognised, so none is counted twice.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "InitializeBody"),
            examples = @ExampleObject(name = "five", value = "{\"message_count\":5}")))
    @APIResponse(responseCode = "200", description = "The count was set", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "InitializeResult"), examples = @ExampleObject(name = "done",
                    value = "{\"status\":\"success\",\"user_id\":\"alice\",\"message_count\":5}")))
    @APIResponse(responseCode = "400", description = "Missing, negative, non-integer or too large count, body and query "
            + "disagreeing, malformed body, or unsafe id", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "415", description = "A body that is not application/json", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "The state store is unavailable", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<JsonObject> initialize(@Parameter(name = "user_id", required = true, description = "The user's id",
                                          schema = @Schema(ref = "UserId")) @PathParam("user_id") UserId id,
                                  @Parameter(name = "message_count", description = "The count, instead of the body",
                                          example = "5", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                                                  maximum = "1000000000000")) @QueryParam("message_count") String query,
                                  @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                  String body) {
        long count = InitializeRequest.messageCount(body, contentType, query, MAX_MESSAGE_COUNT);
        return off(() -> {
            available(() -> {
                store.initialize(id.value(), count);
                return null;
            });
            return JsonValues.object().add("status", "success").add("user_id", id.value()).add("message_count", count)
                    .build();
        });
    }

    @GET
    @Operation(operationId = "getAnalyticsOverview", summary = "Totals, users and messages per partition, and active "
            + "ChatAgent actors", description = "active_actors: this host's daprd metadata; host and "
            + "host_active_actors_by_partition: the actors activated on this instance, by hash partition; deliveries and "
            + "delivery_answers: the events this instance received and how it answered them.")
    @APIResponse(responseCode = "200", description = "The overview", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AnalyticsOverview"),
            examples = @ExampleObject(name = "overview", value = "{\"namespace\":\"default\",\"partition_count\":3,"
                    + "\"total_users\":2,\"total_messages\":25,\"partitions\":[{\"partition\":0,\"users\":1,\"messages\":5},"
                    + "{\"partition\":1,\"users\":0,\"messages\":0},{\"partition\":2,\"users\":1,\"messages\":20}],"
                    + "\"active_actors\":{\"ChatAgent\":2},\"host\":\"default-0\",\"host_active_actors_by_partition\":"
                    + "{\"0\":1,\"2\":1},\"deliveries\":{\"/subscribe\":25},\"delivery_answers\":{\"/subscribe SUCCESS\":25}}")))
    @APIResponse(responseCode = "503", description = "The state store or the Dapr sidecar is unavailable", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<JsonObject> overview() {
        return off(this::overviewNow);
    }

    private JsonObject overviewNow() {
        List<AnalyticsStore.PartitionTotals> counters = available(store::partitions);
        JsonArrayBuilder partitions = JsonValues.array();
        long users = 0;
        long messages = 0;
        for (int p = 0; p < counters.size(); p++) {
            AnalyticsStore.PartitionTotals counter = counters.get(p);
            partitions.add(JsonValues.object().add("partition", p).add("users", counter.users())
                    .add("messages", counter.messages()));
            users += counter.users();
            messages += counter.messages();
        }
        JsonObjectBuilder deliveryCounts = JsonValues.object();
        deliveries.byRoute().forEach(deliveryCounts::add);
        JsonObjectBuilder answerCounts = JsonValues.object();
        deliveries.byAnswer().forEach(answerCounts::add);
        return JsonValues.object()
                .add("namespace", instance.namespace())
                .add("partition_count", counters.size())
                .add("total_users", users)
                .add("total_messages", messages)
                .add("partitions", partitions)
                .add("active_actors", activeActors())
                .add("host", instance.hostId())
                .add("host_active_actors_by_partition", hostActorsByPartition())
                .add("deliveries", deliveryCounts)
                .add("delivery_answers", answerCounts)
                .build();
    }

    /** This host's active ChatAgent actors per hash partition (as activated here). */
    private JsonObjectBuilder hostActorsByPartition() {
        JsonObjectBuilder partitions = JsonValues.object();
        activeActors.byPartition().forEach((partition, count) -> partitions.add(Integer.toString(partition), count));
        return partitions;
    }

    /** Active actors by type, as daprd's metadata API reports them for this host. */
    private JsonObjectBuilder activeActors() {
        JsonObject metadata = available(sidecar::metadata);
        JsonObjectBuilder active = JsonValues.object();
        JsonObject runtime = metadata.getJsonObject("actorRuntime");
        if (runtime != null && runtime.get("activeActors") instanceof jakarta.json.JsonArray list) {
            for (JsonValue entry : list) {
                JsonObject actor = entry.asJsonObject();
                // daprd leaves out a count of zero (protobuf JSON drops default values).
                JsonNumber count = actor.getJsonNumber("count");
                active.add(actor.getString("type", "?"), count == null ? 0 : count.longValue());
            }
        }
        return active;
    }

    /** Store and sidecar calls block: they run on {@link AnalyticsWork}, not on a request thread. */
    private CompletionStage<JsonObject> off(java.util.function.Supplier<JsonObject> task) {
        return CompletableFuture.supplyAsync(task, work.requests());
    }

    private static <T> T available(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SidecarUnavailableException("Analytics are unavailable: " + e.getMessage(), e);
        }
    }
}
