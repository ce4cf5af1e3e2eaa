package io.daca.chatagent.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log record, on one line, for log collectors: {@code {"timestamp":
 * "2026-11-25T10:15:30.123Z","level":"INFO","logger":"io.daca...","thread":"http-thread-pool::...",
 * "message":"...","exception":"java.lang...\n\tat ..."}} ({@code exception} only when there is
 * one). Switched on with {@code LOG_FORMAT=json} ({@link LogFormat}).
 */
public class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"timestamp\":");
        quote(json, Instant.ofEpochMilli(record.getMillis()).toString());
        json.append(",\"level\":");
        quote(json, record.getLevel().getName());
        json.append(",\"logger\":");
        quote(json, record.getLoggerName() == null ? "" : record.getLoggerName());
        json.append(",\"thread\":");
        quote(json, Thread.currentThread().getName());
        json.append(",\"message\":");
        quote(json, formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.append(",\"exception\":");
            quote(json, trace.toString());
        }
        return json.append("}\n").toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped, so a record stays on one line. */
    static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
