package io.daca.chatagent.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem: every error this service returns has this shape, with a {@code detail}. */
@JsonbPropertyOrder({"type", "title", "status", "detail"})
@Schema(name = "ProblemDetail", description = "RFC 9457 problem details")
public record ProblemDetail(
        @Schema(example = "about:blank") String type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "Field 'content' must be a non-empty string") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

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
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, detail)).build();
    }
}
