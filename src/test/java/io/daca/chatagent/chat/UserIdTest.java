package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daca.chatagent.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"user1", "a", "A-b_c.9", "0"})
    void acceptsSafeActorIds(String id) {
        assertEquals(id, UserId.parse(id, 128).value());
        assertEquals(id, UserId.parse(id, 128).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a|b", "a||b", "..", ".hidden", "-x", "a b", "a/b", "é", "a%7Cb", "a\nb", "a\u0000b"})
    void rejectsUnsafeActorIds(String id) {
        assertEquals(400, assertThrows(ApiException.class, () -> UserId.parse(id, 128)).status());
    }

    @Test
    void rejectsNull() {
        assertEquals(400, assertThrows(ApiException.class, () -> UserId.parse(null, 128)).status());
    }

    @Test
    void rejectsActorIdsOverTheLimit() {
        assertEquals("a".repeat(8), UserId.parse("a".repeat(8), 8).value());
        assertThrows(ApiException.class, () -> UserId.parse("a".repeat(9), 8));
    }

    @Test
    void cannotBeMadeUncheckedEither() {
        assertThrows(IllegalArgumentException.class, () -> new UserId("a||b"));
    }
}
