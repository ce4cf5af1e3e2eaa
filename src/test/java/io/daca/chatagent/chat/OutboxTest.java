package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static ConversationEvent event(long seq) {
        return ConversationEvent.of("u1", "history-u1", new ChatMessage("user", "m" + seq),
                ChatMessage.assistant("r" + seq), seq, "default");
    }

    @Test
    void appendsInOrder() {
        Outbox outbox = Outbox.empty().append(event(1)).append(event(2));
        assertEquals(List.of(1L, 2L), outbox.events().stream().map(ConversationEvent::seq).toList());
        assertEquals(2, outbox.size());
    }

    @Test
    void keepsWhatWasNotPublished() {
        Outbox outbox = Outbox.empty().append(event(1)).append(event(2)).append(event(3));
        assertEquals(List.of(3L), outbox.afterPublishing(2).events().stream().map(ConversationEvent::seq).toList());
        assertTrue(outbox.afterPublishing(3).isEmpty());
        assertSame(outbox, outbox.afterPublishing(0));
    }

    @Test
    void refusesToForgetMoreThanItHolds() {
        Outbox outbox = Outbox.empty().append(event(1));
        assertThrows(IllegalArgumentException.class, () -> outbox.afterPublishing(2));
        assertThrows(IllegalArgumentException.class, () -> outbox.afterPublishing(-1));
    }

    @Test
    void isImmutable() {
        Outbox outbox = Outbox.empty().append(event(1));
        outbox.append(event(2));
        assertEquals(1, outbox.size());
        assertThrows(UnsupportedOperationException.class, () -> outbox.events().add(event(3)));
    }

    @Test
    void readsAnAbsentListAsEmpty() {
        assertTrue(new Outbox(null).isEmpty());
    }

    @Test
    void takesBackADeadLetterInSeqOrderOnce() {
        Outbox outbox = Outbox.empty().append(event(3)).append(event(5));
        Outbox requeued = outbox.requeue(event(4)).requeue(event(1));
        assertEquals(List.of(1L, 3L, 4L, 5L), requeued.events().stream().map(ConversationEvent::seq).toList());
        assertSame(requeued, requeued.requeue(event(4)));
    }
}
