package io.daca.chatagent.analytics;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /analytics/{user_id}} as documented; {@link AnalyticsResource} writes it with JSON-P. */
@Schema(name = "MessageCount", description = "A user's message count")
public record MessageCount(
        @Schema(type = SchemaType.INTEGER, format = "int64", name = "message_count", required = true, minimum = "0", example = "20",
                description = "Messages of this user counted from ConversationUpdated events") long messageCount) {
}
