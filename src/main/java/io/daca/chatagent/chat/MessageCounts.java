package io.daca.chatagent.chat;

import java.util.concurrent.CompletionStage;

/**
 * How many messages analytics has counted for a user, as {@code GET /chat/{id}/stats} shows it.
 * Owned here, by the caller; {@code analytics} answers it through Dapr service invocation.
 */
public interface MessageCounts {

    /**
     * The user's message count, 0 when analytics has not seen the user yet. Asynchronous, so the
     * request that asks holds no thread while the answer travels through daprd and back.
     */
    CompletionStage<Long> of(UserId user);
}
