package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daca.chatagent.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitializeRequestTest {

    @Test
    void readsTheBodyOrTheQuery() {
        assertEquals(5, InitializeRequest.messageCount("{\"message_count\":5}", "application/json", null, 100));
        assertEquals(7, InitializeRequest.messageCount(null, null, "7", 100));
        assertEquals(0, InitializeRequest.messageCount("", null, "0", 100));
        assertEquals(5, InitializeRequest.messageCount("{\"message_count\":5}", "application/json; charset=utf-8", "5", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message_count\":-1}", "{\"message_count\":\"5\"}", "{\"message_count\":1.5}",
            "{\"message_count\":101}", "{}", "[]", "{\"message_count\":5", "{\"message_count\":null}"})
    void rejectsBadBodies(String body) {
        assertEquals(400, assertThrows(ApiException.class,
                () -> InitializeRequest.messageCount(body, "application/json", null, 100)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-3", "abc", "1e3", "5.0", "101", "99999999999999999999999"})
    void rejectsBadQueries(String query) {
        assertEquals(400, assertThrows(ApiException.class,
                () -> InitializeRequest.messageCount(null, null, query, 100)).status());
    }

    @Test
    void rejectsAMissingCountDisagreementAndWrongContentType() {
        assertEquals(400, assertThrows(ApiException.class, () -> InitializeRequest.messageCount(null, null, null, 100)).status());
        assertEquals(400, assertThrows(ApiException.class,
                () -> InitializeRequest.messageCount("{\"message_count\":5}", "application/json", "6", 100)).status());
        assertEquals(415, assertThrows(ApiException.class,
                () -> InitializeRequest.messageCount("{\"message_count\":5}", "text/plain", null, 100)).status());
    }
}
