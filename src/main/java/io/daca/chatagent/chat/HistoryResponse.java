package io.daca.chatagent.chat;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"history":[{"role":"user","content":"Hi there"},{"role":"assistant",...}]}} */
// The list's item schema is Payara's own reference to Message; an annotation on the component would inline it.
@Schema(name = "HistoryResponse", requiredProperties = "history",
        description = "A conversation, oldest entry first: the newest chat.history-window entries (5 by default); "
                + "empty for a new user")
public record HistoryResponse(List<ChatMessage> history) {
}
