package io.daca.chatagent.chat;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /chat/{actor_id}/stats}, as documented in the OpenAPI document;
 * {@link ChatResource} writes it with JSON-P.
 */
@Schema(name = "ActorStats", description = "A user's hash partition and message count")
public record ActorStats(
        @Schema(name = "actor_id", required = true, example = "user1", description = "The user's actor id") String actorId,
        @Schema(required = true, minimum = "0", example = "5", description = "The app's hash partition of the id") int partition,
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "message_count", required = true, minimum = "0", example = "20",
                description = "Messages counted by analytics, read through Dapr service invocation; 0 if not counted yet")
        long messageCount) {
}
