package io.daca.chatagent.analytics;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /analytics} as documented; {@link AnalyticsResource} writes it with JSON-P. */
// Required names at the class, so "partitions" needs no annotation: one there would inline the item schema.
@Schema(name = "AnalyticsOverview", description = "Totals, users and messages per partition (one entry per partition, "
        + "0 to partition_count - 1), active actors, deliveries", requiredProperties = {"namespace", "partition_count",
        "total_users", "total_messages", "partitions", "active_actors", "host", "host_active_actors_by_partition",
        "deliveries", "delivery_answers"})
public record AnalyticsOverview(
        @Schema(example = "default", description = "The deployment's namespace") String namespace,
        @Schema(name = "partition_count", minimum = "1", example = "10") int partitionCount,
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "total_users", minimum = "0", example = "2") long totalUsers,
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "total_messages", minimum = "0", example = "25") long totalMessages,
        List<PartitionCounts> partitions,
        @Schema(name = "active_actors", type = SchemaType.OBJECT, additionalProperties = Long.class,
                description = "Active actors by type on this host, as its Dapr sidecar reports them")
        Map<String, Long> activeActors,
        @Schema(example = "default-0", description = "The instance that answered") String host,
        @Schema(name = "host_active_actors_by_partition", type = SchemaType.OBJECT, additionalProperties = Long.class,
                description = "ChatAgent actors activated on this instance, by hash partition (partitions without any are left out)")
        Map<String, Long> hostActiveActorsByPartition,
        @Schema(type = SchemaType.OBJECT, additionalProperties = Long.class,
                description = "Events delivered to this instance, by subscription route")
        Map<String, Long> deliveries,
        @Schema(name = "delivery_answers", type = SchemaType.OBJECT, additionalProperties = Long.class,
                description = "Answers to those deliveries, by \"route STATUS\" (SUCCESS, RETRY or DROP)")
        Map<String, Long> deliveryAnswers) {

    /** One partition's totals. */
    @Schema(name = "PartitionTotals", description = "Users and messages of one hash partition")
    public record PartitionCounts(
            @Schema(required = true, minimum = "0", example = "2") int partition,
            @Schema(type = SchemaType.INTEGER, format = "int64", required = true, minimum = "0", example = "1") long users,
            @Schema(type = SchemaType.INTEGER, format = "int64", required = true, minimum = "0", example = "20") long messages) {
    }
}
