package io.daca.chatagent.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyGuardTest {

    @Test
    void readsABodyUpToTheLimitAndNothingBeyond() throws Exception {
        byte[] exactly = new byte[20_000];
        assertArrayEquals(exactly, RequestBodyGuard.readAtMost(new ByteArrayInputStream(exactly), 20_000));
        assertNull(RequestBodyGuard.readAtMost(new ByteArrayInputStream(new byte[20_001]), 20_000));
    }

    @Test
    void tellsValidUtf8FromInvalid() {
        assertTrue(RequestBodyGuard.isUtf8("{\"content\":\"Grüße 😀\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(RequestBodyGuard.isUtf8(new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'}));
        assertFalse(RequestBodyGuard.isUtf8(new byte[] {(byte) 0xc3}), "a truncated sequence");
        assertTrue(RequestBodyGuard.isUtf8("{\"content\":\"plain ASCII\u0000\u007f\"}".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(RequestBodyGuard.isUtf8(new byte[0]));
        assertFalse(RequestBodyGuard.isUtf8(new byte[] {'a', 'b', (byte) 0x80}), "a continuation byte after ASCII");
        assertFalse(RequestBodyGuard.isUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}), "a surrogate");
    }
}
