package io.daca.chatagent.dapr;

import io.dapr.exceptions.DaprException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells the kinds of failure of a call to daprd apart. */
public final class DaprFailures {

    private DaprFailures() {
    }

    /** The sidecar, or what it fronts, failed or timed out: worth retrying later, not the caller's fault. */
    public static boolean isSidecarFailure(Throwable error) {
        return error instanceof TimeoutException || error instanceof DaprException
                || error instanceof StatusRuntimeException || error instanceof IOException;
    }

    /**
     * A write lost an optimistic-concurrency race: daprd answers an ETag mismatch with gRPC
     * {@code ABORTED} (and an ETag it cannot parse with {@code INVALID_ARGUMENT}, which for an
     * ETag we just read means the key changed under us too). Anything else is an outage.
     */
    public static boolean isEtagConflict(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DaprException dapr) {
                String code = dapr.getErrorCode();
                if (Status.Code.ABORTED.name().equals(code)) {
                    return true;
                }
            }
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.ABORTED) {
                return true;
            }
        }
        return false;
    }

    /** A short description for logs and problem details. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
