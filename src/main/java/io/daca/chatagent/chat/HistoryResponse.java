package io.daca.chatagent.chat;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"history":[{"role":"user","content":"Hi there"},{"role":"assistant",...}]}} */
@Schema(name = "HistoryResponse")
public record HistoryResponse(List<ChatMessage> history) {
}
