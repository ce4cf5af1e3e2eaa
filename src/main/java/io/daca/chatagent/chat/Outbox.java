package io.daca.chatagent.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The ConversationUpdated events an actor has committed but not yet seen published, oldest
 * first. Saved in the same state transaction as the exchange they describe, so a committed
 * message's event survives any crash; published in order, so a consumer that counts by
 * {@code seq} sees no gaps it cannot fill.
 */
public record Outbox(List<ConversationEvent> events) {

    public Outbox {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static Outbox empty() {
        return new Outbox(List.of());
    }

    public Outbox append(ConversationEvent event) {
        List<ConversationEvent> more = new ArrayList<>(events.size() + 1);
        more.addAll(events);
        more.add(event);
        return new Outbox(more);
    }

    /**
     * This outbox with an event that went out before but was not counted (it came back as a dead
     * letter), in {@code seq} order; unchanged if the event is waiting already.
     */
    public Outbox requeue(ConversationEvent event) {
        if (events.stream().anyMatch(waiting -> waiting.seq() == event.seq())) {
            return this;
        }
        List<ConversationEvent> more = new ArrayList<>(events.size() + 1);
        more.addAll(events);
        more.add(event);
        more.sort(java.util.Comparator.comparingLong(ConversationEvent::seq));
        return new Outbox(more);
    }

    /** What is left once the oldest {@code published} events went out. */
    public Outbox afterPublishing(int published) {
        if (published < 0 || published > events.size()) {
            throw new IllegalArgumentException("published " + published + " of " + events.size() + " events");
        }
        return published == 0 ? this : new Outbox(events.subList(published, events.size()));
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public int size() {
        return events.size();
    }
}
