package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.TreeSet;

/**
 * The users of one hash partition, one state key per partition. It changes only when a user is
 * seen for the first time, so events do not contend on it; the partition's message total is the
 * sum of its users' counters, read when asked for. Adding a member is idempotent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartitionMembers(@JsonProperty("users") List<String> users) {

    public PartitionMembers {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public static PartitionMembers empty() {
        return new PartitionMembers(List.of());
    }

    public boolean contains(String userId) {
        return users.contains(userId);
    }

    /** These members plus {@code userId}, kept sorted so the stored value is stable. */
    public PartitionMembers with(String userId) {
        TreeSet<String> members = new TreeSet<>(users);
        members.add(userId);
        return new PartitionMembers(List.copyOf(members));
    }
}
