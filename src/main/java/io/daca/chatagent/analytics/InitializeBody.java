package io.daca.chatagent.analytics;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /analytics/{user_id}/initialize} as documented ({@link InitializeRequest}
 * reads it); the count may come from {@code ?message_count=N} instead.
 */
@Schema(name = "InitializeBody", description = "The count to set")
public record InitializeBody(
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "message_count", required = true, minimum = "0", maximum = "1000000000000", example = "5",
                description = "A whole number from 0 to 10^12") long messageCount) {
}
