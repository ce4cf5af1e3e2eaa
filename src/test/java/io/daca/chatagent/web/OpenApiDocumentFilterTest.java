package io.daca.chatagent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

class OpenApiDocumentFilterTest {

    @Test
    void daprdsCallbackRoutesAreLeftOutAndThePublicApiIsKept() {
        for (String callback : List.of("/dapr/config", "/dapr/subscribe", "/subscribe", "/subscribe/untyped",
                "/subscribe/dead-letter", "/healthz", "/actors/ChatAgent/x/method/m")) {
            assertTrue(OpenApiDocumentFilter.isCallbackPath(callback), callback);
        }
        for (String api : List.of("/chat/{actor_id}", "/chat/{actor_id}/history", "/analytics", "/analytics/{user_id}",
                "/subscribers", "/daprize")) {
            assertFalse(OpenApiDocumentFilter.isCallbackPath(api), api);
        }
    }

    @Test
    void examplesWrittenAsJsonTextBecomeJsonValues() {
        assertEquals(Map.of("response", Map.of("role", "assistant", "content", "Hi")),
                OpenApiSchemas.jsonValue("{\"response\":{\"role\":\"assistant\",\"content\":\"Hi\"}}"));
        assertEquals(List.of(1L, new BigDecimal("2.5"), true),
                OpenApiSchemas.jsonValue(" [1, 2.5, true] "));
        assertEquals("user1", OpenApiSchemas.jsonValue("user1"), "plain text stays text");
        assertEquals("{not json", OpenApiSchemas.jsonValue("{not json"), "text that is not JSON stays text");
        assertEquals(42L, OpenApiSchemas.jsonValue(42L));
    }

    @Test
    void examplesTakeTheirSchemasType() {
        assertEquals(400L, OpenApiSchemas.typed(Schema.SchemaType.INTEGER, "400"));
        assertEquals(new BigDecimal("0.5"), OpenApiSchemas.typed(Schema.SchemaType.NUMBER, "0.5"));
        assertEquals(Boolean.TRUE, OpenApiSchemas.typed(Schema.SchemaType.BOOLEAN, "true"));
        assertEquals(Map.of("a", 1L), OpenApiSchemas.typed(Schema.SchemaType.OBJECT, "{\"a\":1}"));
        assertEquals("5", OpenApiSchemas.typed(Schema.SchemaType.STRING, "5"));
        assertEquals("many", OpenApiSchemas.typed(Schema.SchemaType.INTEGER, "many"), "not a number: left alone");
        assertEquals("x", OpenApiSchemas.typed(null, "x"));
    }
}
