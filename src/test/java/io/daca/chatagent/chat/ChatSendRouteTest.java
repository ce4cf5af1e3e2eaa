package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChatSendRouteTest {

    private static final String JSON = "application/json";

    @Test
    void aPlainSendIsTakenWithItsRawId() {
        assertEquals("user1", ChatSendRoute.idOf("POST", "/chat/user1", JSON, null));
        assertEquals("a.b_c-9", ChatSendRoute.idOf("POST", "/chat/a.b_c-9", JSON, "application/json"));
        // Too long, or starting with '.': still taken, and refused by UserId.parse as JAX-RS would.
        assertEquals("x".repeat(500), ChatSendRoute.idOf("POST", "/chat/" + "x".repeat(500), JSON, null));
        assertEquals(".hidden", ChatSendRoute.idOf("POST", "/chat/.hidden", JSON, null));
    }

    @Test
    void everythingElseUnderChatGoesToJaxRs() {
        assertNull(ChatSendRoute.idOf("GET", "/chat/user1", JSON, null));
        assertNull(ChatSendRoute.idOf("PUT", "/chat/user1", JSON, null));
        assertNull(ChatSendRoute.idOf("POST", "/chat/user1/history", JSON, null));
        assertNull(ChatSendRoute.idOf("POST", "/chat/", JSON, null), "an empty id: JAX-RS names the problem");
        assertNull(ChatSendRoute.idOf("POST", "/chat", JSON, null));
        assertNull(ChatSendRoute.idOf("POST", "/chat/user1/", JSON, null));
        assertNull(ChatSendRoute.idOf("POST", "/chat/user%31", JSON, null), "encoded: JAX-RS decodes it");
        assertNull(ChatSendRoute.idOf("POST", "/chat/user1;v=2", JSON, null), "a matrix parameter");
        assertNull(ChatSendRoute.idOf("POST", "/chats/user1", JSON, null));
        assertNull(ChatSendRoute.idOf("POST", null, JSON, null));
    }

    @Test
    void onlyJsonBodiesInUtf8AreTaken() {
        assertTrue(ChatSendRoute.isJsonInUtf8("application/json"));
        assertTrue(ChatSendRoute.isJsonInUtf8("Application/JSON"));
        assertTrue(ChatSendRoute.isJsonInUtf8("application/json; charset=UTF-8"));
        assertTrue(ChatSendRoute.isJsonInUtf8("application/json;charset=\"utf-8\""));
        assertFalse(ChatSendRoute.isJsonInUtf8(null), "no Content-Type: JAX-RS answers 415");
        assertFalse(ChatSendRoute.isJsonInUtf8("text/plain"));
        assertFalse(ChatSendRoute.isJsonInUtf8("application/json-patch+json"));
        assertFalse(ChatSendRoute.isJsonInUtf8("application/json; charset=ISO-8859-1"), "JAX-RS decodes that charset");
        assertFalse(ChatSendRoute.isJsonInUtf8("application/json; boundary=x"));
        assertNull(ChatSendRoute.idOf("POST", "/chat/user1", "text/plain", null));
    }

    @Test
    void onlyRequestsThatAcceptJsonAreTaken() {
        assertTrue(ChatSendRoute.acceptsJson(null));
        assertTrue(ChatSendRoute.acceptsJson(""));
        assertTrue(ChatSendRoute.acceptsJson("*/*"));
        assertTrue(ChatSendRoute.acceptsJson("application/*"));
        assertTrue(ChatSendRoute.acceptsJson("text/html, application/json;q=0.9"));
        assertTrue(ChatSendRoute.acceptsJson("application/json;q=0.5"));
        assertFalse(ChatSendRoute.acceptsJson("text/html"), "JAX-RS answers 406");
        assertFalse(ChatSendRoute.acceptsJson("application/xml"));
        assertFalse(ChatSendRoute.acceptsJson("application/json;q=0, */*"), "JAX-RS weighs the ranges");
        assertFalse(ChatSendRoute.acceptsJson("*/*; q=0.0"));
        assertNull(ChatSendRoute.idOf("POST", "/chat/user1", JSON, "text/html"));
    }
}
