package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The users and messages of one shard of a hash partition: the sum of the counters of the users
 * whose id hashes to it. {@code applied} names the users whose latest changes it has taken while
 * their counters still list them as unsent (user id → the last op taken); an entry lives from the
 * write that applies a change until the user's counter has dropped it, so it holds the users being
 * counted right now, never all of them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardTotals(@JsonProperty("users") long users, @JsonProperty("messages") long messages,
                          @JsonProperty("applied") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> applied) {

    public ShardTotals {
        applied = applied == null ? Map.of() : new TreeMap<>(applied);
    }

    public static ShardTotals empty() {
        return new ShardTotals(0, 0, Map.of());
    }

    /** The shard (0 to {@code shards} - 1) of a user id: CRC-32 of its UTF-8 bytes, stable across versions. */
    public static int shardOf(String userId, int shards) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    /** The last op of {@code userId} these totals took, 0 if they hold none of its pending ones. */
    public long appliedTo(String userId) {
        return applied.getOrDefault(userId, 0L);
    }

    /**
     * These totals with the user's unsent changes that they have not taken yet, or null when they
     * have all of them already.
     */
    public ShardTotals taking(String userId, List<TotalsDelta> unsent) {
        long through = appliedTo(userId);
        List<TotalsDelta> missing = unsent.stream().filter(delta -> delta.op() > through).toList();
        if (missing.isEmpty()) {
            return null;
        }
        Map<String, Long> marks = new TreeMap<>(applied);
        marks.put(userId, missing.get(missing.size() - 1).op());
        return new ShardTotals(users + missing.stream().mapToLong(TotalsDelta::users).sum(),
                messages + missing.stream().mapToLong(TotalsDelta::messages).sum(), marks);
    }

    /** These totals without the user's entry if it still names {@code op}, else null (nothing to do). */
    public ShardTotals forgetting(String userId, long op) {
        if (op == 0 || appliedTo(userId) != op) {
            return null;
        }
        Map<String, Long> marks = new TreeMap<>(applied);
        marks.remove(userId);
        return new ShardTotals(users, messages, marks);
    }
}
