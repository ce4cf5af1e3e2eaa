package io.daca.chatagent.web;

import jakarta.ws.rs.core.Response;

/** A failure with a status and a message meant for the caller; {@link ErrorMappers} renders it. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(Response.StatusType status, String detail) {
        this(status, detail, null);
    }

    public ApiException(Response.StatusType status, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status.getStatusCode();
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(Response.Status.BAD_REQUEST, detail);
    }

    public int status() {
        return status;
    }
}
