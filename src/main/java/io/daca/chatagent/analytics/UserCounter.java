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
 * the last {@link #RECENT_IDS_KEPT}. {@code usage} sums the tokens a language model reported for
 * the user's counted answers; absent until one reports any.
 *
 * <p>{@code totalsOps} numbers the changes this counter made to its shard's totals
 * ({@link ShardTotals}); 0 means the counter is not in the totals yet (a new user, or a counter
 * written by a version that kept partition member lists instead: its whole count enters with its
 * first change). {@code unsent} holds the changes written here but not yet known to be in the
 * totals; the count and the change it owes the totals are written together, in this one key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserCounter(
        @JsonProperty("message_count") long messageCount,
        @JsonProperty("counted_through") long countedThrough,
        @JsonProperty("counted_above") List<Long> countedAbove,
        @JsonProperty("recent_event_ids") List<String> recentEventIds,
        @JsonProperty("usage") @JsonInclude(JsonInclude.Include.NON_NULL) TokenUsage usage,
        @JsonProperty("totals_ops") long totalsOps,
        @JsonProperty("unsent") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TotalsDelta> unsent) {

    static final int RECENT_IDS_KEPT = 512;

    public UserCounter {
        countedAbove = countedAbove == null ? List.of() : List.copyOf(countedAbove);
        recentEventIds = recentEventIds == null ? List.of() : List.copyOf(recentEventIds);
        unsent = unsent == null ? List.of() : List.copyOf(unsent);
    }

    public static UserCounter empty() {
        return new UserCounter(0, 0, List.of(), List.of(), null, 0, List.of());
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
            return new UserCounter(messageCount + 1, countedThrough, countedAbove, kept, used, totalsOps, unsent);
        }
        TreeSet<Long> above = new TreeSet<>(countedAbove);
        above.add(event.seq().getAsLong());
        long through = countedThrough;
        while (above.remove(through + 1)) {
            through++;
        }
        return new UserCounter(messageCount + 1, through, new ArrayList<>(above), recentEventIds, used, totalsOps, unsent);
    }

    public UserCounter withMessageCount(long count) {
        return new UserCounter(count, countedThrough, countedAbove, recentEventIds, usage, totalsOps, unsent);
    }

    /**
     * This counter, a change of {@code before}, with what the change owes the totals queued as the
     * next op: the whole count and one user if {@code before} was not in the totals, else the
     * difference of the counts. Ops up to {@code appliedThrough} (what the totals took, as read
     * before {@code before}) are dropped from {@code unsent}.
     */
    public UserCounter queuedForTotals(UserCounter before, long appliedThrough) {
        List<TotalsDelta> pending = new ArrayList<>(before.unsentAfter(appliedThrough));
        boolean inTotals = before.totalsOps > 0;
        TotalsDelta delta = new TotalsDelta(before.totalsOps + 1, inTotals ? 0 : 1,
                inTotals ? messageCount - before.messageCount : messageCount);
        if (delta.isEmpty()) {
            return withTotals(before.totalsOps, pending);
        }
        pending.add(delta);
        return withTotals(delta.op(), pending);
    }

    /** The changes not yet in the totals if they took every op up to {@code appliedThrough}. */
    public List<TotalsDelta> unsentAfter(long appliedThrough) {
        return unsent.stream().filter(delta -> delta.op() > appliedThrough).toList();
    }

    /** This counter without the ops up to {@code op}, now in the totals; null if it holds none of them. */
    public UserCounter sentThrough(long op) {
        List<TotalsDelta> pending = unsentAfter(op);
        return pending.size() == unsent.size() ? null : withTotals(totalsOps, pending);
    }

    private UserCounter withTotals(long ops, List<TotalsDelta> pending) {
        return new UserCounter(messageCount, countedThrough, countedAbove, recentEventIds, usage, ops, pending);
    }
}
