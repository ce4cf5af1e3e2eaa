package io.daca.chatagent.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into a problem-details JSON answer; never a stack trace on the wire. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());
    private static final String UNEXPECTED = "Internal error; the server log has the details";

    private ErrorMappers() {
    }

    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return answer(problemFor(e));
        }
    }

    /**
     * The problem answered for a failure: an {@link ApiException}'s own status and detail (a server
     * error logged with its cause at WARNING), anything else a 500 that says nothing of it (the
     * failure logged whole at SEVERE). For the answers written outside JAX-RS too.
     */
    public static ProblemDetail problemFor(Throwable e) {
        if (e instanceof ApiException api) {
            if (api.status() >= 500) {
                LOG.warning(() -> "Answering " + api.status() + ": " + api.getMessage()
                        + (api.getCause() != null ? " (cause: " + api.getCause() + ")" : ""));
            }
            return ProblemDetail.of(api.status(), api.getMessage());
        }
        LOG.log(Level.SEVERE, "Unexpected failure", e);
        return ProblemDetail.of(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(), UNEXPECTED);
    }

    private static Response answer(ProblemDetail problem) {
        return ProblemDetail.response(problem.status(), problem.detail());
    }

    /** 404, 405, 415 and the like from JAX-RS itself. */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (e.getCause() instanceof ApiException api) {
                // A parameter converter's refusal: JAX-RS only passes a WebApplicationException
                // on unchanged, so the converter wraps the answer it means.
                return new ApiExceptionMapper().toResponse(api);
            }
            Response.StatusType status = e.getResponse().getStatusInfo();
            String detail = switch (status.getStatusCode()) {
                case 404 -> "No such resource";
                case 405 -> "Method not allowed on this resource";
                case 406 -> "This resource only produces application/json";
                case 415 -> "Content-Type must be application/json";
                default -> status.getReasonPhrase();
            };
            return ProblemDetail.response(status.getStatusCode(), detail);
        }
    }

    /** Async resources fail with the cause wrapped; map the cause as if it were thrown directly. */
    @Provider
    public static class CompletionExceptionMapper implements ExceptionMapper<CompletionException> {
        @Context
        Providers providers;

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Response toResponse(CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
            return mapper != null && !(cause instanceof CompletionException)
                    ? mapper.toResponse(cause)
                    : new UnexpectedExceptionMapper().toResponse(cause);
        }
    }

    @Provider
    public static class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return answer(problemFor(e));
        }
    }
}
