package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.daca.chatagent.chat.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One user's message count and what has been counted, so a redelivered or duplicated event is
 * never counted twice and events arriving out of order are all counted.
 *
 * <p>Events carry the actor's sequence number: every seq up to {@code countedThrough} is counted,
 * plus the ones in {@code countedAbove} (those that arrived before a gap was filled). Events
 * without a seq (published by the Python reference) are recognised by their CloudEvent id among
 * the last {@link #RECENT_IDS_KEPT}. {@code inPartition} says the user is already listed in its
 * partition's members, so later events need not look there. {@code usage} sums the tokens a
 * language model reported for the user's counted answers; absent until one reports any.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserCounter(
        @JsonProperty("message_count") long messageCount,
        @JsonProperty("counted_through") long countedThrough,
        @JsonProperty("counted_above") List<Long> countedAbove,
        @JsonProperty("recent_event_ids") List<String> recentEventIds,
        @JsonProperty("in_partition") boolean inPartition,
        @JsonProperty("usage") @JsonInclude(JsonInclude.Include.NON_NULL) TokenUsage usage) {

    static final int RECENT_IDS_KEPT = 512;

    public UserCounter {
        countedAbove = countedAbove == null ? List.of() : List.copyOf(countedAbove);
        recentEventIds = recentEventIds == null ? List.of() : List.copyOf(recentEventIds);
    }

    public static UserCounter empty() {
        return new UserCounter(0, 0, List.of(), List.of(), false, null);
    }

    public boolean hasCounted(CountableEvent event) {
        if (event.seq().isPresent()) {
            long seq = event.seq().getAsLong();
            return seq <= countedThrough || countedAbove.contains(seq);
        }
        return recentEventIds.contains(event.eventId());
    }

    /** This counter with the event (and its token usage) counted; call only when {@link #hasCounted} is false. */
    public UserCounter count(CountableEvent event) {
        TokenUsage used = usage == null ? event.usage() : usage.plus(event.usage());
        if (event.seq().isEmpty()) {
            List<String> ids = new ArrayList<>(recentEventIds);
            ids.add(event.eventId());
            List<String> kept = ids.subList(Math.max(0, ids.size() - RECENT_IDS_KEPT), ids.size());
            return new UserCounter(messageCount + 1, countedThrough, countedAbove, kept, inPartition, used);
        }
        TreeSet<Long> above = new TreeSet<>(countedAbove);
        above.add(event.seq().getAsLong());
        long through = countedThrough;
        while (above.remove(through + 1)) {
            through++;
        }
        return new UserCounter(messageCount + 1, through, new ArrayList<>(above), recentEventIds, inPartition, used);
    }

    public UserCounter withMessageCount(long count) {
        return new UserCounter(count, countedThrough, countedAbove, recentEventIds, inPartition, usage);
    }

    public UserCounter listedInPartition() {
        return new UserCounter(messageCount, countedThrough, countedAbove, recentEventIds, true, usage);
    }
}
