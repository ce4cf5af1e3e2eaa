package io.daca.chatagent.config;

import java.time.Duration;

/**
 * Where ConversationUpdated events go and how the actor's outbox retries them (keys
 * {@code events.*}).
 */
public record EventSettings(String pubsubName, String topic, String deadLetterTopic, Duration publishTimeout,
                            Duration outboxRetryPeriod) {
}
