package io.daca.chatagent.config;

/**
 * Where the message counts live (keys {@code analytics.*}).
 *
 * @param storeName   the Dapr state store of the counters (not the actor state store)
 * @param maxAttempts ETag-conflict attempts of one update before giving up for now
 */
public record AnalyticsSettings(String storeName, int maxAttempts) {
}
