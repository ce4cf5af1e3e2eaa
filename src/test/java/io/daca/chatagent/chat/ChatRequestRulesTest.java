package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daca.chatagent.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestRulesTest {

    @Test
    void acceptsTheReferenceBodyAndIgnoresExtraFields() {
        assertEquals(new ChatMessage("user", "Hi there"),
                ChatRequestRules.message("{\"role\": \"user\", \"content\": \"Hi there\", \"extra\": 1}", 100));
    }

    @Test
    void acceptsContentExactlyAtTheLimitCountingCodePoints() {
        String fourEmoji = "\uD83D\uDE00".repeat(4);
        assertEquals(fourEmoji, ChatRequestRules.message("{\"role\":\"user\",\"content\":\"" + fourEmoji + "\"}", 4).content());
        ApiException tooLong = assertThrows(ApiException.class,
                () -> ChatRequestRules.message("{\"role\":\"user\",\"content\":\"" + fourEmoji + "x\"}", 4));
        assertEquals(413, tooLong.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "null", "[]", "\"text\"", "{", "{\"role\":\"user\",\"content\":\"hi\"} trailing",
            "{\"role\":\"user\"}", "{\"role\":\"user\",\"content\":\"\"}", "{\"role\":\"user\",\"content\":null}",
            "{\"role\":\"user\",\"content\":7}", "{\"role\":\"user\",\"content\":[\"a\"]}", "{\"content\":\"hi\"}",
            "{\"role\":null,\"content\":\"hi\"}", "{\"role\":\"assistant\",\"content\":\"hi\"}",
            "{\"role\":\"USER\",\"content\":\"hi\"}", "{\"role\":1,\"content\":\"hi\"}"})
    void rejectsBadBodiesWith400(String body) {
        ApiException error = assertThrows(ApiException.class, () -> ChatRequestRules.message(body, 100));
        assertEquals(400, error.status(), body);
    }
}
