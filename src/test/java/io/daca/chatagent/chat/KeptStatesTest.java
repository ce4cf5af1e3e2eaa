package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeptStatesTest {

    /** A state whose history is one message of {@code chars} characters. */
    private static KeptStates.State state(int chars) {
        return new KeptStates.State(new Conversation(List.of(new ChatMessage("user", "x".repeat(chars))), 1, Outbox.empty()),
                null);
    }

    @Test
    void aStateTakenIsTheOneGivenAndIsNoLongerKept() {
        KeptStates kept = new KeptStates(1 << 20);
        KeptStates.State state = state(10);
        kept.give("a", state, true);
        assertEquals(1, kept.size());
        assertSame(state, kept.take("a").state());
        assertNull(kept.take("a"), "taken out: a call owns it until it gives it back");
        assertEquals(0, kept.bytes());
    }

    @Test
    void aStateIsSureOnlyIfGivenBackAfterACallThatEndedWellSinceDaprdLastStarted() {
        KeptStates kept = new KeptStates(1 << 20);
        kept.give("ended-well", state(10), true);
        kept.give("failed", state(10), false);
        assertTrue(kept.take("ended-well").sure());
        assertFalse(kept.take("failed").sure(), "a failed call may or may not have committed");

        kept.give("before-restart", state(10), true);
        kept.sidecarStarted();
        kept.give("after-restart", state(10), true);
        assertFalse(kept.take("before-restart").sure(), "the actor may have lived on another host meanwhile");
        assertTrue(kept.take("after-restart").sure());
    }

    @Test
    void theLeastRecentlyUsedStatesGoFirstWhenTheBudgetIsExceeded() {
        long one = state(1000).bytes();
        KeptStates kept = new KeptStates(3 * one);
        kept.give("a", state(1000), true);
        kept.give("b", state(1000), true);
        kept.give("c", state(1000), true);
        kept.give("a", kept.take("a").state(), true); // a used again: b is now the least recently used
        kept.give("d", state(1000), true);
        assertNull(kept.take("b"));
        assertNotNull(kept.take("a"));
        assertNotNull(kept.take("c"));
        assertNotNull(kept.take("d"));
        assertEquals(1, kept.evicted());
        assertEquals(0, kept.bytes());
    }

    @Test
    void theBudgetCountsTheTextItHolds() {
        KeptStates kept = new KeptStates(100_000);
        for (int i = 0; i < 100; i++) {
            kept.give("user-" + i, state(4000), true);
        }
        assertTrue(kept.bytes() <= 100_000, kept.bytes() + " bytes kept");
        assertTrue(kept.size() < 100 && kept.size() >= 10, kept.size() + " states kept");
        assertNotNull(kept.take("user-99"), "the newest stays");
        assertNull(kept.take("user-0"), "the oldest went");
    }

    @Test
    void aStateLargerThanTheBudgetIsNotKeptAndForgettingDropsOne() {
        KeptStates kept = new KeptStates(1000);
        kept.give("big", state(4000), true);
        assertNull(kept.take("big"));
        KeptStates roomy = new KeptStates(1 << 20);
        roomy.give("a", state(10), true);
        roomy.forget("a");
        assertNull(roomy.take("a"));
        assertEquals(0, roomy.bytes());
    }

    @Test
    void outboxEventsAndRememberedRepliesCount() {
        ChatMessage message = new ChatMessage("user", "y".repeat(500));
        ChatMessage reply = ChatMessage.assistant("z".repeat(500));
        Conversation after = Conversation.empty().after(message, reply, 5, "a", "ns");
        long withoutRequests = new KeptStates.State(after, null).bytes();
        assertTrue(withoutRequests > 4 * 1000, "history and the queued event: " + withoutRequests);
        RecentRequests requests = RecentRequests.none().with("key-1", reply, 10);
        assertTrue(new KeptStates.State(after, requests).bytes() > withoutRequests + 1000);
    }
}
