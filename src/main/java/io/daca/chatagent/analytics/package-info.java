/**
 * Message counts: per-user counters in a Dapr state store written with ETags (each event counted
 * exactly once, whatever the redelivery), users per hash partition, the analytics REST resource,
 * and the chat side's {@link io.daca.chatagent.chat.MessageCounts} answered through Dapr service
 * invocation. Depends on {@code chat} (user ids, the interface it implements), {@code partition},
 * {@code dapr}, {@code web} and {@code config}.
 */
package io.daca.chatagent.analytics;
