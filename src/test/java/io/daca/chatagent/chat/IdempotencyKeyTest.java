package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daca.chatagent.web.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void noHeaderIsNoKey() {
        assertEquals(Optional.empty(), IdempotencyKey.fromHeader(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6f1c7b2e-0b7a-4d55-9a43-2b1f0c9e8d11", "a", "retry#1:{x}"})
    void acceptsVisibleAscii(String header) {
        assertEquals(header, IdempotencyKey.fromHeader(header).orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "é", "a\tb", "a\u0000"})
    void refusesAnythingElseWith400(String header) {
        assertEquals(400, assertThrows(ApiException.class, () -> IdempotencyKey.fromHeader(header)).status());
    }

    @Test
    void refusesKeysOverTheLimit() {
        assertEquals(128, IdempotencyKey.fromHeader("k".repeat(128)).orElseThrow().value().length());
        assertThrows(ApiException.class, () -> IdempotencyKey.fromHeader("k".repeat(129)));
    }
}
