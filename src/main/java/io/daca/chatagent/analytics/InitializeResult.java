package io.daca.chatagent.analytics;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code POST /analytics/{user_id}/initialize} as documented; written with JSON-P. */
@Schema(name = "InitializeResult", description = "The count was set")
public record InitializeResult(
        @Schema(required = true, enumeration = "success", example = "success") String status,
        @Schema(name = "user_id", required = true, example = "alice") String userId,
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "message_count", required = true, minimum = "0", example = "5") long messageCount) {
}
