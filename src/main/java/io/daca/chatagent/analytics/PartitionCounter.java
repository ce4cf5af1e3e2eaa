package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Users and messages of one hash partition: one state key per partition, not one for all. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartitionCounter(@JsonProperty("users") long users, @JsonProperty("messages") long messages) {

    public static PartitionCounter empty() {
        return new PartitionCounter(0, 0);
    }

    public PartitionCounter plus(long userDelta, long messageDelta) {
        return new PartitionCounter(users + userDelta, messages + messageDelta);
    }
}
