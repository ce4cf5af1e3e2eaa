package io.daca.chatagent.config;

/**
 * Conversation rules (keys {@code chat.*}).
 *
 * @param historyWindow    entries kept in a history (5, as the reference)
 * @param maxContentLength characters of one message's content
 * @param maxActorIdLength characters of a user's actor id
 * @param idempotencyKeysKept idempotency keys (and their answers) each actor remembers
 */
public record ChatSettings(int historyWindow, int maxContentLength, int maxActorIdLength, int idempotencyKeysKept) {
}
