package io.daca.chatagent.chat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /chat/{actor_id}/location}, as documented in the OpenAPI document.
 * {@link ChatResource} writes it with JSON-P (snake_case names as in the reference); the
 * integration tests check every real answer against this schema.
 */
@Schema(name = "ActorLocation", description = "Where a user's ChatAgent actor lives")
public record ActorLocation(
        @Schema(name = "actor_id", required = true, example = "user1", description = "The user's actor id") String actorId,
        @Schema(required = true, minimum = "0", example = "5",
                description = "The app's hash partition of the id: MD5(id) mod partition_count") int partition,
        @Schema(name = "partition_count", required = true, minimum = "1", example = "10",
                description = "partitions.count of this deployment") int partitionCount,
        @Schema(required = true, example = "default-1",
                description = "The app instance Dapr placement put the actor on (asking activates it)") String host,
        @Schema(name = "served_by", required = true, example = "default-0",
                description = "The instance that answered this request") String servedBy) {
}
