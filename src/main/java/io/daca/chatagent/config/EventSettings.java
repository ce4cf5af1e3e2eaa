package io.daca.chatagent.config;

import java.time.Duration;

/**
 * Where ConversationUpdated events go, and how the actors' outboxes hold and retry them (keys
 * {@code events.*}).
 *
 * @param publishTimeout      the wait for one publish before the event stays in the outbox
 * @param outboxCapacity      events one actor may hold unpublished; more messages are refused
 * @param outboxFlushSlice    events one actor publishes per call
 * @param outboxSweepPeriod   how often each instance looks for actors with pending events, and
 *                            the first retry delay of one such actor
 * @param outboxMaxBackoff    the longest wait between two retries of one actor
 * @param outboxRegistryStore the plain state store (not the actor store) of the pending list
 * @param bulkMaxMessages     events daprd delivers in one request (Dapr bulk subscribe); 0 for
 *                            one request per event
 * @param bulkMaxAwait        the longest daprd holds an event back to fill a bulk request
 */
public record EventSettings(String pubsubName, String topic, String deadLetterTopic, Duration publishTimeout,
                            int outboxCapacity, int outboxFlushSlice, Duration outboxSweepPeriod,
                            Duration outboxMaxBackoff, String outboxRegistryStore, int bulkMaxMessages,
                            Duration bulkMaxAwait) {

    /** Whether daprd delivers events in bulk. */
    public boolean bulk() {
        return bulkMaxMessages > 0;
    }
}
