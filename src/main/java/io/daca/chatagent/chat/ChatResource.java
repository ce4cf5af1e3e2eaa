package io.daca.chatagent.chat;

import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.observe.AppMetrics;
import io.daca.chatagent.partition.HashPartitioner;
import io.daca.chatagent.web.JsonValues;
import io.daca.chatagent.web.ProblemDetail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Chat with a user's ChatAgent actor and read its history. */
// The id pattern also matches an empty id, so "/chat/" gets a 400 naming the problem, not a bare 404.
@Path("/chat/{actor_id: [^/]*}")
@ApplicationScoped
@Tag(name = "chat")
public class ChatResource {

    @Inject
    ChatService chat;

    @Inject
    ChatSettings settings;

    @Inject
    InstanceSettings instance;

    @Inject
    HashPartitioner partitioner;

    @Inject
    MessageCounts counts;

    @Inject
    AppMetrics metrics;

    static final String PARTITION_HEADER = "X-Actor-Partition";
    static final String SERVED_BY_HEADER = "X-Served-By";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendMessage", summary = "Send a message to the user's ChatAgent", description =
            "Appends the message and the agent's reply to the actor's history (trimmed to the newest "
                    + "chat.history-window entries) and returns the reply: 'Got your message: <content>' "
                    + "(chat.responder=template) or a language model's answer given the history (conversation). With an "
                    + "Idempotency-Key, a retried request gets the first answer and the message is stored and counted once.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "MessageRequest"),
            examples = @ExampleObject(name = "hi", value = "{\"role\":\"user\",\"content\":\"Hi there\"}")))
    @APIResponse(responseCode = "200", description = "The agent's reply", headers = {
            @Header(name = PARTITION_HEADER, required = true, description = "The app's hash partition of the id",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
            @Header(name = SERVED_BY_HEADER, required = true, description = "The instance that answered",
                    schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChatResponse"),
                    examples = @ExampleObject(name = "reply",
                            value = "{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}}")))
    @APIResponse(responseCode = "400", description = "Malformed body, missing or unknown role, empty or non-string content, "
            + "unsafe actor id, or a malformed Idempotency-Key", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "413", description = "content longer than chat.max-content-length", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "The Dapr sidecar is unreachable or did not answer in time, or the "
            + "user's outbox is full; retry later with the same Idempotency-Key", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "502", description = "chat.responder=conversation: the language model's provider failed, or "
            + "answered with no text; nothing was stored", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "504", description = "chat.responder=conversation: the language model did not answer within "
            + "chat.conversation.timeout-ms; nothing was stored", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<Response> send(
            @Parameter(name = "actor_id", required = true, description = "The user's actor id: 1-128 of A-Z a-z 0-9 _ . -, "
                    + "starting with a letter or digit", schema = @Schema(ref = "UserId")) @PathParam("actor_id") UserId id,
            @Parameter(name = IdempotencyKey.HEADER, description = "Optional. A retried request with the same key gets the "
                    + "first answer, and the message is stored and counted once", example = "6f1c7b2e-0b7a-4d55-9a43-2b1f0c9e8d11",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128, pattern = "^[\\x21-\\x7E]+$"))
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            String body) {
        Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(idempotencyKey);
        ChatMessage message = ChatRequestRules.message(body, settings.maxContentLength());
        return chat.send(id, message, key).thenApply(reply -> {
            metrics.messageAnswered();
            return reply;
        }).thenApply(reply -> Response.ok(new ChatResponse(reply))
                .header(PARTITION_HEADER, partitioner.partitionOf(id.value()))
                .header(SERVED_BY_HEADER, instance.hostId())
                .build());
    }

    @GET
    @Path("location")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getActorLocation", summary = "Where the user's actor lives", description =
            "partition: the app's hash partition of the id (MD5 mod partitions.count), stable for a given id and "
                    + "count; host: the app instance Dapr placement put the actor on (asking activates it); "
                    + "served_by: the instance that answered this request.")
    @APIResponse(responseCode = "200", description = "The actor's partition and host", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ActorLocation"),
            examples = @ExampleObject(name = "location", value = "{\"actor_id\":\"user1\",\"partition\":5,"
                    + "\"partition_count\":10,\"host\":\"chat-agent-7d9f-abcde\",\"served_by\":\"chat-agent-7d9f-xyz12\"}")))
    @APIResponse(responseCode = "400", description = "Unsafe actor id", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "The Dapr sidecar is unreachable or did not answer in time", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<JsonObject> location(
            @Parameter(name = "actor_id", required = true, description = "The user's actor id", schema = @Schema(ref = "UserId")) @PathParam("actor_id") UserId id) {
        return chat.host(id).thenApply(host -> JsonValues.object()
                .add("actor_id", id.value())
                .add("partition", partitioner.partitionOf(id.value()))
                .add("partition_count", partitioner.partitionCount())
                .add("host", host)
                .add("served_by", instance.hostId())
                .build());
    }

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getActorStats", summary = "The user's partition and message count", description =
            "message_count comes from the analytics API called through Dapr service invocation of "
                    + "<dapr.app-id>.<namespace>, as the reference's chat service asks its analytics service; 0 for a "
                    + "user not counted yet.")
    @APIResponse(responseCode = "200", description = "The user's partition and message count", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ActorStats"),
            examples = @ExampleObject(name = "stats", value = "{\"actor_id\":\"user1\",\"partition\":5,\"message_count\":20}")))
    @APIResponse(responseCode = "400", description = "Unsafe actor id", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "Service invocation through the sidecar failed", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<JsonObject> stats(
            @Parameter(name = "actor_id", required = true, description = "The user's actor id", schema = @Schema(ref = "UserId")) @PathParam("actor_id") UserId id) {
        return counts.of(id).thenApply(count -> JsonValues.object()
                .add("actor_id", id.value())
                .add("partition", partitioner.partitionOf(id.value()))
                .add("message_count", count)
                .build());
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getHistory", summary = "The user's conversation history, oldest first")
    @APIResponse(responseCode = "200", description = "The stored history (empty for a new user)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HistoryResponse"),
            examples = @ExampleObject(name = "history", value = "{\"history\":[{\"role\":\"user\",\"content\":\"Hi there\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Got your message: Hi there\"}]}")))
    @APIResponse(responseCode = "400", description = "Unsafe actor id", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    @APIResponse(responseCode = "503", description = "The Dapr sidecar is unreachable or did not answer in time", content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(ref = "ProblemDetail")))
    public CompletionStage<HistoryResponse> history(
            @Parameter(name = "actor_id", required = true, description = "The user's actor id", schema = @Schema(ref = "UserId")) @PathParam("actor_id") UserId id) {
        return chat.history(id).thenApply(HistoryResponse::new);
    }
}
