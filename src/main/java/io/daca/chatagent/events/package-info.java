/**
 * Dapr pub/sub, both ways: publishing the ChatAgent's ConversationUpdated events (the
 * implementation of {@link io.daca.chatagent.chat.ConversationEvents}), and the subscription
 * daprd delivers them to, which parses each CloudEvent and has analytics count it. Depends on
 * {@code analytics}, {@code chat}, {@code dapr}, {@code web} and {@code config}; nothing depends
 * on it.
 */
package io.daca.chatagent.events;
