package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * One hash partition's view of its users: each user's current message count, one state key per
 * partition. Setting a user's count is idempotent (it is the user's absolute count, not an
 * increment), so repeating it after a failure or a redelivery can never double anything.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartitionCounter(@JsonProperty("message_counts") Map<String, Long> messageCounts) {

    public PartitionCounter {
        messageCounts = messageCounts == null ? Map.of() : Map.copyOf(messageCounts);
    }

    public static PartitionCounter empty() {
        return new PartitionCounter(Map.of());
    }

    @JsonIgnore
    public long users() {
        return messageCounts.size();
    }

    @JsonIgnore
    public long messages() {
        return messageCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean agreesWith(String userId, long messageCount) {
        Long known = messageCounts.get(userId);
        return known != null && known == messageCount;
    }

    public PartitionCounter with(String userId, long messageCount) {
        Map<String, Long> counts = new TreeMap<>(messageCounts);
        counts.put(userId, messageCount);
        return new PartitionCounter(counts);
    }
}
