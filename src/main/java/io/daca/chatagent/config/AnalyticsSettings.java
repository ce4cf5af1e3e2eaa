package io.daca.chatagent.config;

/**
 * Where the message counts live (keys {@code analytics.*}).
 *
 * @param storeName   the Dapr state store of the counters (not the actor state store)
 * @param maxAttempts ETag-conflict attempts of one update before giving up for now
 * @param adminToken  {@code ANALYTICS_ADMIN_TOKEN}: when set, overwriting a count
 *                    ({@code POST /analytics/{id}/initialize}) needs {@code Authorization: Bearer <it>}
 */
public record AnalyticsSettings(String storeName, int maxAttempts, java.util.Optional<String> adminToken) {
}
