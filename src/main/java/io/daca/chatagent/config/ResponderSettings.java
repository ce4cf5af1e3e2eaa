package io.daca.chatagent.config;

import java.time.Duration;

/**
 * How a ChatAgent answers (keys {@code chat.responder} and {@code chat.conversation.*}).
 *
 * @param mode         {@link Mode#TEMPLATE} (the reference's {@code Got your message: ...}) or
 *                     {@link Mode#CONVERSATION} (a language model through Dapr's Conversation API)
 * @param component    the Dapr conversation component asked in conversation mode
 * @param systemPrompt sent first to the model; empty means none
 * @param timeout      the longest wait for the model's answer before the call fails with a 504
 */
public record ResponderSettings(Mode mode, String component, String systemPrompt, Duration timeout) {

    /** The values of {@code chat.responder}. */
    public enum Mode {
        TEMPLATE, CONVERSATION;

        static Mode parse(String key, String value) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("Setting " + key + " must be template or conversation, got " + value);
        }
    }

    /**
     * How much longer than {@code dapr.actor-call-timeout-ms} an actor call may take: in conversation
     * mode a call may wait for a model answer, its own or the one holding the actor's turn.
     */
    public Duration actorCallAllowance() {
        return mode == Mode.CONVERSATION ? timeout : Duration.ZERO;
    }
}
