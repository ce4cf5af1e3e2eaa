package io.daca.chatagent.chat;

/**
 * How many messages analytics has counted for a user, as {@code GET /chat/{id}/stats} shows it.
 * Owned here, by the caller; {@code analytics} answers it through Dapr service invocation.
 */
public interface MessageCounts {

    /** The user's message count, 0 when analytics has not seen the user yet. */
    long of(UserId user);
}
