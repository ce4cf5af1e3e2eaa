/**
 * The conversation: the ChatAgent actor type (interface, implementation, registration in the
 * actor runtime and the proxies that call it), the values it keeps ({@link
 * io.daca.chatagent.chat.Conversation}, {@link io.daca.chatagent.chat.Outbox}, the messages and
 * the event it emits), the checked {@link io.daca.chatagent.chat.UserId}, the chat REST
 * resource, and how an agent answers ({@link io.daca.chatagent.chat.Responder}: the reference's
 * template, or a language model through Dapr's Conversation API with the SDK's preview client). It owns the interfaces it needs from outside ({@link
 * io.daca.chatagent.chat.ConversationEvents}, {@link io.daca.chatagent.chat.MessageCounts});
 * {@code events} and {@code analytics} implement them. Depends on {@code partition}, {@code dapr},
 * {@code web} and {@code config}.
 */
package io.daca.chatagent.chat;
