package io.daca.chatagent.dapr;

import io.daca.chatagent.web.ApiException;
import jakarta.ws.rs.core.Response;

/**
 * The sidecar (or what it fronts: the state store, the pubsub, the invoked app) failed or did not
 * answer in time. The one way such a failure reaches a caller: a 503 problem they may retry.
 */
public class SidecarUnavailableException extends ApiException {

    public SidecarUnavailableException(String detail, Throwable cause) {
        super(Response.Status.SERVICE_UNAVAILABLE, detail, cause);
    }
}
