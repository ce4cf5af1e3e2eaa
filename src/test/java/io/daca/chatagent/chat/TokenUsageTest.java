package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenUsageTest {

    @Test
    void allZerosIsNoUsageReported() {
        assertNull(TokenUsage.reported(0, 0, 0));
        assertEquals(new TokenUsage(0, 0, 3), TokenUsage.reported(0, 0, 3));
    }

    @Test
    void addsUpAndNullAddsNothing() {
        TokenUsage a = new TokenUsage(10, 2, 12);
        assertEquals(new TokenUsage(15, 5, 20), a.plus(new TokenUsage(5, 3, 8)));
        assertEquals(a, a.plus(null));
    }

    @Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, 0));
    }
}
