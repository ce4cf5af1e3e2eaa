package io.daca.chatagent.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem: every error this service returns has this shape, with a {@code detail}. */
@JsonbPropertyOrder({"type", "title", "status", "detail"})
@Schema(name = "ProblemDetail", description = "RFC 9457 problem details")
public record ProblemDetail(
        @Schema(required = true, example = "about:blank") String type,
        @Schema(required = true, example = "Bad Request", description = "The status's reason phrase") String title,
        @Schema(required = true, minimum = "400", maximum = "599", example = "400", description = "The HTTP status") int status,
        @Schema(required = true, example = "Invalid or missing 'content' field: it must be a non-empty string",
                description = "What went wrong, for the caller") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String RETRY_AFTER = "Retry-After";
    /** Seconds a client should wait before retrying after a 503. */
    public static final int RETRY_AFTER_SECONDS = 2;

    public static ProblemDetail of(int status, String detail) {
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        Response.StatusType known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase()
                : family == Response.Status.Family.CLIENT_ERROR ? "Client Error" : "Server Error";
        return new ProblemDetail("about:blank", title, status, detail);
    }

    /** The problem as JSON text, for answers written outside JAX-RS. */
    public String toJson() {
        return JsonValues.object().add("type", type).add("title", title).add("status", status)
                .add("detail", detail == null ? "" : detail).build().toString();
    }

    public static Response response(Response.StatusType status, String detail) {
        return response(status.getStatusCode(), detail);
    }

    public static Response response(int status, String detail) {
        Response.ResponseBuilder answer = Response.status(status).type(MEDIA_TYPE).entity(of(status, detail));
        if (status == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            // Every 503 here is temporary (the sidecar, the store, a full outbox): say when to try again.
            answer.header(RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }
}
