package io.daca.chatagent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void nestingUpToTheLimitParses() {
        String nested = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        assertEquals(JsonValue.ValueType.ARRAY, StrictJson.parse(nested).getValueType());
    }

    @Test
    void thousandsOfNestedArraysAreRefusedNotOverflowed() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        StrictJson.InvalidJsonException error = assertThrows(StrictJson.InvalidJsonException.class,
                () -> StrictJson.parse(deep));
        assertTrue(error.getMessage().contains("deeper than " + StrictJson.MAX_DEPTH), error.getMessage());
        assertEquals(400, assertThrows(ApiException.class,
                () -> StrictJson.requestObject("{\"a\":" + deep + "}", "x")).status());
    }

    @Test
    void trailingContentIsRefused() {
        for (String text : new String[] {"{} {}", "{} x", "[1] 2"}) {
            assertThrows(StrictJson.InvalidJsonException.class, () -> StrictJson.parse(text), text);
        }
    }
}
