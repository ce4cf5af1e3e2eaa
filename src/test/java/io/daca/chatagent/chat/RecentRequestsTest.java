package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    private static ChatMessage reply(String text) {
        return ChatMessage.assistant("Got your message: " + text);
    }

    @Test
    void anAnsweredKeyGetsItsFirstReply() {
        RecentRequests recent = RecentRequests.none().with("k1", reply("a"), 3).with("k2", reply("b"), 3);
        assertEquals(Optional.of(reply("a")), recent.replyTo("k1"));
        assertEquals(Optional.of(reply("b")), recent.replyTo("k2"));
        assertEquals(Optional.empty(), recent.replyTo("k3"));
    }

    @Test
    void keepsOnlyTheNewestKeys() {
        RecentRequests recent = RecentRequests.none();
        for (int i = 1; i <= 5; i++) {
            recent = recent.with("k" + i, reply("m" + i), 3);
        }
        assertEquals(3, recent.answered().size());
        assertEquals(Optional.empty(), recent.replyTo("k2"));
        assertEquals(Optional.of(reply("m3")), recent.replyTo("k3"));
        assertEquals(Optional.of(reply("m5")), recent.replyTo("k5"));
    }

    @Test
    void readsAnAbsentListAsNone() {
        assertEquals(RecentRequests.none(), new RecentRequests(null));
    }
}
