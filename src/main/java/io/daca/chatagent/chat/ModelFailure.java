package io.daca.chatagent.chat;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The language model gave no usable answer, so the actor stores nothing and fails the call.
 * daprd relays only the failure's text to the caller (through the actor callback's problem
 * detail), so each kind's text is also how {@link ChatService} recognises it.
 */
public class ModelFailure extends RuntimeException {

    /** What went wrong, how it reads in the actor's error, and what the client gets. */
    public enum Kind {
        /** The provider answered an error, or daprd could not reach it or the component. */
        FAILED("the language model failed to answer", Response.Status.BAD_GATEWAY),
        /** The answer held no text (e.g. only tool calls, or an empty choice). */
        EMPTY("the language model answered with no text", Response.Status.BAD_GATEWAY),
        /** No answer within {@code chat.conversation.timeout-ms}. */
        TIMED_OUT("the language model did not answer in time", Response.Status.GATEWAY_TIMEOUT);

        private final String text;
        private final Response.Status status;

        Kind(String text, Response.Status status) {
            this.text = text;
            this.status = status;
        }

        public String text() {
            return text;
        }

        public Response.Status status() {
            return status;
        }

        /** The kind whose text {@code relayed} (an actor failure as the caller sees it) holds, if any. */
        public static Optional<Kind> in(String relayed) {
            if (relayed != null) {
                for (Kind kind : values()) {
                    if (relayed.contains(kind.text)) {
                        return Optional.of(kind);
                    }
                }
            }
            return Optional.empty();
        }
    }

    private final Kind kind;

    public ModelFailure(Kind kind, String component, String reason, Throwable cause) {
        super(kind.text + " (Dapr conversation component '" + component + "'): " + reason, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
