package io.daca.chatagent.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Tokens a language model reports for one answer (or, summed, for a user's answers), with the
 * names the OpenAI API uses. Carried by the ConversationUpdated event and counted by analytics.
 */
@JsonPropertyOrder({"prompt_tokens", "completion_tokens", "total_tokens"})
public record TokenUsage(@JsonProperty("prompt_tokens") long promptTokens,
                         @JsonProperty("completion_tokens") long completionTokens,
                         @JsonProperty("total_tokens") long totalTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", "
                    + completionTokens + ", " + totalTokens);
        }
    }

    /**
     * The usage a provider reported, or null when it reported none: Dapr answers all zeros for a
     * provider that gives no usage, and a real answer costs at least one token.
     */
    public static TokenUsage reported(long promptTokens, long completionTokens, long totalTokens) {
        return promptTokens == 0 && completionTokens == 0 && totalTokens == 0 ? null
                : new TokenUsage(promptTokens, completionTokens, totalTokens);
    }

    /** Both added up; {@code other} may be null (nothing to add). */
    public TokenUsage plus(TokenUsage other) {
        return other == null ? this : new TokenUsage(promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, totalTokens + other.totalTokens);
    }
}
