package io.daca.chatagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    private static JsonObject parse(String line) {
        assertTrue(line.endsWith("\n"));
        assertFalse(line.substring(0, line.length() - 1).contains("\n"), "one record, one line: " + line);
        return Json.createReader(new StringReader(line)).readObject();
    }

    @Test
    void aRecordIsOneJsonObjectOnOneLine() {
        LogRecord record = new LogRecord(Level.WARNING, "User {0} said \"hi\"\n\tand left");
        record.setParameters(new Object[] {"user1"});
        record.setLoggerName("io.daca.chatagent.chat.ChatService");
        record.setInstant(Instant.parse("2026-11-25T10:15:30.123Z"));
        JsonObject json = parse(new JsonLogFormatter().format(record));
        assertEquals("2026-11-25T10:15:30.123Z", json.getString("timestamp"));
        assertEquals("WARNING", json.getString("level"));
        assertEquals("io.daca.chatagent.chat.ChatService", json.getString("logger"));
        assertEquals("User user1 said \"hi\"\n\tand left", json.getString("message"));
        assertEquals(Thread.currentThread().getName(), json.getString("thread"));
        assertFalse(json.containsKey("exception"));
    }

    @Test
    void aFailureKeepsItsStackTraceInTheSameLine() {
        LogRecord record = new LogRecord(Level.SEVERE, "Unexpected failure");
        record.setThrown(new IllegalStateException("broken \u0001 state"));
        JsonObject json = parse(new JsonLogFormatter().format(record));
        assertTrue(json.getString("exception").startsWith("java.lang.IllegalStateException: broken \u0001 state"));
        assertTrue(json.getString("exception").contains("\tat io.daca.chatagent.observe.JsonLogFormatterTest"));
        assertEquals("", json.getString("logger"));
    }
}
