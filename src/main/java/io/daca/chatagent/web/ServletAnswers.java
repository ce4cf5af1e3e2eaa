package io.daca.chatagent.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers written straight to a servlet response, for the routes served without JAX-RS. */
public final class ServletAnswers {

    private ServletAnswers() {
    }

    /** An RFC 9457 problem with {@code status} and {@code detail}; a 503 says when to retry, as JAX-RS's do. */
    public static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader(ProblemDetail.RETRY_AFTER, Integer.toString(ProblemDetail.RETRY_AFTER_SECONDS));
        }
        write(response, status, ProblemDetail.MEDIA_TYPE, ProblemDetail.of(status, detail).toJson().getBytes(StandardCharsets.UTF_8));
    }

    public static void write(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
