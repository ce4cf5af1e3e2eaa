package io.daca.chatagent.dapr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.exceptions.DaprException;
import io.grpc.Status;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The failures daprd 1.17.5 answers, as the state API words them (pkg/api/grpc/grpc.go). */
class DaprFailuresTest {

    /** What the Java SDK throws for a gRPC error of daprd (DaprException.propagate). */
    private static DaprException sdk(Status status, String description) {
        return new DaprException(status.getCode().name(), status.getCode().name() + ": " + description,
                status.withDescription(description).asRuntimeException());
    }

    @Test
    void aSingleKeyWriteWithAStaleEtagIsAConflict() {
        // SaveState maps contrib's ETagError(ETagMismatch) to ABORTED (getStateErrorCode).
        DaprException mismatch = sdk(Status.ABORTED, "failed saving state in state store analytics-store: "
                + "possible etag mismatch. error from state store: ERR user_script:14: failed to set key");
        assertTrue(DaprFailures.isEtagConflict(mismatch));
        assertTrue(DaprFailures.isEtagConflict(new RuntimeException(mismatch)));
        assertTrue(DaprFailures.isEtagConflict(Status.ABORTED.withDescription("etag").asRuntimeException()));
    }

    @Test
    void aFailedTransactionIsNotAConflictToRetry() {
        // ExecuteStateTransaction answers INTERNAL for any error of the store, a stale ETag
        // included, and the Redis store has applied the other operations by then: no retry on
        // fresh reads could make that whole, so analytics never writes two keys in a transaction.
        DaprException transaction = sdk(Status.INTERNAL, "error while executing state transaction: "
                + "ERR user_script:14: failed to set key chat-agent||b script: d908b955, on @user_script:14.");
        assertFalse(DaprFailures.isEtagConflict(transaction));
        assertTrue(DaprFailures.isSidecarFailure(transaction));
    }

    @Test
    void anOutageIsNotAConflict() {
        assertFalse(DaprFailures.isEtagConflict(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException()));
        assertFalse(DaprFailures.isEtagConflict(sdk(Status.INTERNAL, "failed saving state: dial tcp: connection refused")));
        assertTrue(DaprFailures.isSidecarFailure(new TimeoutException()));
    }
}
