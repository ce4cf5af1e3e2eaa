package io.daca.chatagent.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the active ChatAgent actors of this instance keep between their calls, within a budget of
 * bytes ({@code actors.kept-state-bytes}): least recently used first out. An actor takes its state
 * out at the start of a call and gives it back at the end, so nothing is evicted from under a call;
 * a state evicted meanwhile is read again from the store by the next call, as by a new activation.
 *
 * <p>Why a budget: daprd keeps an actor active for {@code actors.idle-timeout} (an hour) after its
 * last call, a state holds up to a history window of messages of up to
 * {@code chat.max-content-length} characters, and the heap is fixed. Holding every active actor's
 * state ran the heap full: 12,000 users with 4 KB messages in 80 s left 160 of 185 MiB live and a
 * full GC every 0.3 s (soft references only brought that to 134 MiB: the JVM clears them late).
 *
 * <p><b>Sure or not.</b> Dapr activates an actor on one host at a time and tells this one when it
 * deactivates it here (then the state is forgotten), so a state kept by a call that ended well is
 * what the store holds, and the next call can use it without asking the store. Two things break
 * that: a call that failed (a commit may have been made or not), and a restart of this instance's
 * daprd (killed, it deactivates nothing here; meanwhile the actor may have lived on another host
 * and written there). A state given back after a failure is kept as not sure; every state kept
 * before daprd last read {@code /dapr/config} (which it does once each time it starts, before it
 * hosts any actor here, {@link #sidecarStarted}) counts as not sure either. The caller checks
 * such a state against the store ({@code event-seq}) before it uses it.
 */
public final class KeptStates {

    /** One actor's state between calls. */
    public record State(Conversation conversation, RecentRequests requests) {

        /** A generous estimate of its heap size: the text twice (UTF-16), plus object overheads. */
        long bytes() {
            long bytes = 256;
            for (ChatMessage message : conversation.history()) {
                bytes += bytesOf(message);
            }
            for (ConversationEvent event : conversation.outbox().events()) {
                bytes += 256 + bytesOf(event.input()) + bytesOf(event.output());
            }
            if (requests != null) {
                for (RecentRequests.Answered answered : requests.answered()) {
                    bytes += 2L * answered.key().length() + bytesOf(answered.reply());
                }
            }
            return bytes;
        }

        private static long bytesOf(ChatMessage message) {
            return message == null ? 0 : 64 + 2L * (message.role().length() + message.content().length());
        }
    }

    /** A state taken out, and whether it is surely what the store holds. */
    public record Kept(State state, boolean sure) {
    }

    /** {@code run} is the daprd run the state was sure in; {@link #UNSURE} for none. */
    private record Entry(State state, long bytes, long run) {
    }

    private static final long UNSURE = -1;

    private final long budget;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long total;
    private long evicted;
    /** How many times daprd has started (read {@code /dapr/config}) since this instance did. */
    private long sidecarRuns;

    public KeptStates(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must not be negative: " + budgetBytes);
        }
        this.budget = budgetBytes;
    }

    /** The actor's state, now owned by the caller; null if none is kept. */
    public synchronized Kept take(String actorId) {
        Entry entry = entries.remove(actorId);
        if (entry == null) {
            return null;
        }
        total -= entry.bytes();
        return new Kept(entry.state(), entry.run() == sidecarRuns);
    }

    /**
     * Keeps the actor's state, then evicts the least recently used ones beyond the budget (this one
     * last). {@code sure}: the call that gives it back ended well, so it is what the store holds.
     */
    public synchronized void give(String actorId, State state, boolean sure) {
        Entry previous = entries.remove(actorId);
        if (previous != null) {
            total -= previous.bytes();
        }
        Entry entry = new Entry(state, state.bytes(), sure ? sidecarRuns : UNSURE);
        entries.put(actorId, entry);
        total += entry.bytes();
        for (Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator(); total > budget && eldest.hasNext(); ) {
            total -= eldest.next().getValue().bytes();
            eldest.remove();
            evicted++;
        }
    }

    /** Forgets the actor's state (it was deactivated). */
    public synchronized void forget(String actorId) {
        take(actorId);
    }

    /** daprd (re)started: no state kept so far is sure any more. */
    public synchronized void sidecarStarted() {
        sidecarRuns++;
    }

    public synchronized long bytes() {
        return total;
    }

    public synchronized int size() {
        return entries.size();
    }

    /** States evicted since the start. */
    public synchronized long evicted() {
        return evicted;
    }
}
