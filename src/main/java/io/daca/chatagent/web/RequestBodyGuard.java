package io.daca.chatagent.web;

import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.config.HttpSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Every request body is read here first, at most {@code http.max-body-bytes} of it: a larger body
 * gets a 413 before anything parses it (a few 150 MB bodies in parallel used to exhaust the heap),
 * and a body that is not valid UTF-8 gets a 400 (decoded leniently, {@code \xff\xfe} became
 * U+FFFD characters and was stored). The JSON parsers then read the checked bytes. daprd's actor
 * callbacks ({@code /actors/*}) are left alone: they carry the SDK's own bytes, token-guarded.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestBodyGuard extends HttpFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    @Inject
    HttpSettings settings;

    @Inject
    EventSettings events;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!WITH_BODY.contains(request.getMethod()) || request.getRequestURI().startsWith("/actors/")) {
            chain.doFilter(request, response);
            return;
        }
        int max = limitFor(request.getRequestURI());
        byte[] body = request.getContentLengthLong() > max ? null : readAtMost(request.getInputStream(), max);
        if (body == null) {
            drain(request.getInputStream());
            refuse(response, 413, "Request body is larger than " + max + " bytes");
            return;
        }
        if (!isUtf8(body)) {
            refuse(response, 400, "Request body is not valid UTF-8");
            return;
        }
        chain.doFilter(new CheckedBody(request, body), response);
    }

    /**
     * {@code http.max-body-bytes}; a bulk delivery of events (daprd's, token-guarded) may carry
     * {@code events.bulk.max-messages} events of that size.
     */
    private int limitFor(String uri) {
        if (events.bulk() && (uri.equals("/subscribe") || uri.startsWith("/subscribe/"))) {
            return (int) Math.min(Integer.MAX_VALUE - 8L, (long) settings.maxBodyBytes() * events.bulkMaxMessages());
        }
        return settings.maxBodyBytes();
    }

    /** The bytes, or null if there are more than {@code max}. */
    static byte[] readAtMost(InputStream in, int max) throws IOException {
        // readNBytes allocates as it reads, so a small body costs a small array, not 16 KiB of buffers
        byte[] bytes = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
        return bytes.length > max ? null : bytes;
    }

    /**
     * Reads and forgets up to {@link #DRAIN_LIMIT} more bytes, so a client still sending its body
     * reads the 413 instead of a reset connection; a body beyond that is cut off by closing.
     */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[16384];
        try {
            for (long total = 0, n; total < DRAIN_LIMIT && (n = in.read(buffer)) != -1; total += n) {
                // nothing kept
            }
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return decodes(bytes);
            }
        }
        return true; // ASCII, as nearly every JSON body is
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        byte[] json = ProblemDetail.of(status, detail).toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(ProblemDetail.MEDIA_TYPE);
        response.setContentLength(json.length);
        // The rest of an over-long body is not read: the connection closes rather than drain it.
        response.setHeader("Connection", "close");
        response.getOutputStream().write(json);
    }

    /** The request with its body already read and checked. */
    private static final class CheckedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CheckedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
