package io.daca.chatagent.dapr;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.serializer.DefaultObjectSerializer;
import io.dapr.utils.TypeRef;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * One Dapr state store (not the actor store) whose keys are written with the ETag that was read
 * (first-write concurrency). Only single-key writes are atomic on every store: Redis applies a
 * multi-key transaction operation by operation, without rollback, and answers any failed one with
 * a plain INTERNAL error that does not say which. So {@link #writeEach} may leave some writes made
 * and some not, and its caller must be correct either way (it reads again). Calls block, each
 * bounded by {@code callTimeout}; use it off the request and actor threads.
 *
 * <p>The bulk reads and the writes of the counting passes, which every delivered event makes, go
 * to daprd's gRPC API directly ({@link SidecarStubs}), with values serialized as the SDK
 * serializes them: the answer wakes the waiting thread from the channel's event loop. Creations
 * are one {@code SaveState} call for all the keys.
 */
public final class EtagStore implements VersionedStore {

    private static final Logger LOG = Logger.getLogger(EtagStore.class.getName());

    private static final int BULK_READ_BATCH = 500;
    private static final DefaultObjectSerializer SERIALIZER = new DefaultObjectSerializer();
    private static final StateOptions FIRST_WRITE =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);
    private static final CommonProtos.StateOptions FIRST_WRITE_OPTIONS = CommonProtos.StateOptions.newBuilder()
            .setConcurrency(CommonProtos.StateOptions.StateConcurrency.CONCURRENCY_FIRST_WRITE)
            .setConsistency(CommonProtos.StateOptions.StateConsistency.CONSISTENCY_STRONG).build();
    private static final String UPSERT = "upsert";

    /** The store, or the sidecar in front of it, failed: not a lost race, so not worth repeating now. */
    public static class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DaprClient dapr;
    private final String storeName;
    private final Duration callTimeout;
    private final EtagRetry retry;
    private final DaprGrpc.DaprFutureStub stub;

    public EtagStore(DaprClient dapr, String storeName, Duration callTimeout, EtagRetry retry) {
        this.dapr = dapr;
        this.storeName = storeName;
        this.callTimeout = callTimeout;
        this.retry = retry;
        this.stub = SidecarStubs.onEventLoop(dapr, DaprGrpc::newFutureStub);
    }

    public <T> EtagRetry.Read<T> read(String key, Class<T> type) {
        State<T> state = callSdk(dapr.getState(storeName, key, type), "read " + key);
        return new EtagRetry.Read<>(state.getValue(), state.getEtag());
    }

    /** The values of those keys that exist, by key; read in batches to bound each call. */
    public <T> Map<String, T> readAll(List<String> keys, Class<T> type) {
        Map<String, T> values = new HashMap<>();
        for (DaprStateProtos.BulkStateItem item : bulkRead(keys)) {
            T value = item.getError().isEmpty() ? value(item, type) : null;
            if (value != null) {
                values.put(item.getKey(), value);
            }
        }
        return values;
    }

    /** Every key's item, in bulk reads of at most {@link #BULK_READ_BATCH} keys. */
    private List<DaprStateProtos.BulkStateItem> bulkRead(List<String> keys) {
        List<DaprStateProtos.BulkStateItem> items = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += BULK_READ_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BULK_READ_BATCH));
            var request = DaprStateProtos.GetBulkStateRequest.newBuilder()
                    .setStoreName(storeName).addAllKeys(batch).setParallelism(1).build();
            items.addAll(call(bounded().getBulkState(request), "read " + batch.size() + " keys").getItemsList());
        }
        return items;
    }

    /** The item's value as the SDK deserializes it; null when the key does not exist. */
    private <T> T value(DaprStateProtos.BulkStateItem item, Class<T> type) {
        try {
            return SERIALIZER.deserialize(item.getData().toByteArray(), TypeRef.get(type));
        } catch (IOException e) {
            throw new StoreUnavailableException("state store " + storeName + " holds " + item.getKey()
                    + " in a form this version cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> Map<String, EtagRetry.Read<T>> readEach(List<String> keys, Class<T> type) {
        return reads(keys, key -> type);
    }

    /** Each key's value (as the type {@code typeOf} gives for it) with its ETag; a key that does not exist reads as null. */
    private <T> Map<String, EtagRetry.Read<T>> reads(List<String> keys, Function<String, Class<? extends T>> typeOf) {
        Map<String, EtagRetry.Read<T>> values = new LinkedHashMap<>();
        for (DaprStateProtos.BulkStateItem item : bulkRead(keys)) {
            if (!item.getError().isEmpty()) {
                throw new StoreUnavailableException("state store " + storeName + " failed to read "
                        + item.getKey() + ": " + item.getError(), null);
            }
            T value = value(item, typeOf.apply(item.getKey()));
            String etag = item.getEtag().isEmpty() ? null : item.getEtag();
            values.put(item.getKey(), new EtagRetry.Read<>(value, value == null ? null : etag));
        }
        return values;
    }

    /**
     * Keys that exist are written in one transaction (one call, whatever their number); keys to
     * create, and a lone update, in one {@code SaveState} call, which daprd makes key by key, each
     * with its own first-write check. A key created by a Redis transaction would lack the marker
     * that makes Dapr's Redis store refuse a later write without an ETag ({@code first-write} in
     * its Lua script), so a second creator would silently overwrite it: creations never go into the
     * transaction. The two calls are made side by side.
     */
    @Override
    public boolean writeEach(List<Write> writes, String what) {
        List<Write> updates = writes.stream().filter(write -> write.etag() != null).toList();
        List<Write> saves = updates.size() == 1 ? writes
                : writes.stream().filter(write -> write.etag() == null).toList();
        List<ListenableFuture<?>> calls = new ArrayList<>();
        if (!saves.isEmpty()) {
            var request = DaprStateProtos.SaveStateRequest.newBuilder().setStoreName(storeName);
            saves.forEach(write -> request.addStates(item(write)));
            calls.add(bounded().saveState(request.build()));
        }
        if (updates.size() > 1) {
            calls.add(bounded().executeStateTransaction(transaction(updates)));
        }
        boolean made = true;
        for (ListenableFuture<?> call : calls) {
            made &= made(call, what);
        }
        return made;
    }

    @Override
    public Map<String, EtagRetry.Read<Object>> readEach(Map<String, Class<?>> types) {
        return reads(List.copyOf(types.keySet()), types::get);
    }

    @Override
    public boolean writeTogether(List<Write> writes, String what) {
        return made(bounded().executeStateTransaction(transaction(writes)), what);
    }

    private DaprStateProtos.ExecuteStateTransactionRequest transaction(List<Write> writes) {
        var request = DaprStateProtos.ExecuteStateTransactionRequest.newBuilder().setStoreName(storeName);
        writes.forEach(write -> request.addOperations(DaprStateProtos.TransactionalStateOperation.newBuilder()
                .setOperationType(UPSERT).setRequest(item(write))));
        return request.build();
    }

    /** The key, its value as the SDK serializes it, and the ETag if any, written first-write. */
    private static CommonProtos.StateItem item(Write write) {
        byte[] bytes;
        try {
            bytes = SERIALIZER.serialize(write.value());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the value of " + write.key(), e);
        }
        var item = CommonProtos.StateItem.newBuilder().setKey(write.key()).setOptions(FIRST_WRITE_OPTIONS);
        if (bytes != null) {
            item.setValue(ByteString.copyFrom(bytes));
        }
        if (write.etag() != null) {
            item.setEtag(CommonProtos.Etag.newBuilder().setValue(write.etag()));
        }
        return item.build();
    }

    /** Whether the write was made: false when it was refused or its answer did not come in time. */
    private boolean made(ListenableFuture<?> call, String what) {
        try {
            await(call);
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.fine(() -> "'" + what + "': a write to state store " + storeName + " was not made: " + cause);
            return false;
        }
    }

    /** The call's answer, waited for at most {@code callTimeout} (then cancelled). */
    private <T> T await(ListenableFuture<T> call) throws ExecutionException, TimeoutException {
        try {
            return call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new IllegalStateException("interrupted while waiting for state store " + storeName, e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        }
    }

    private <T> T call(ListenableFuture<T> call, String what) {
        try {
            return await(call);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreUnavailableException("state store " + storeName + " failed: " + what + ": "
                    + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("state store " + storeName + " failed: " + what + ": no answer in "
                    + callTimeout, e);
        }
    }

    /** The stub with a deadline of {@code callTimeout}, which daprd also keeps to. */
    private DaprGrpc.DaprFutureStub bounded() {
        return stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Read-modify-write of one key, repeated while other writers win the race; see
     * {@link EtagRetry#update}.
     *
     * @throws StoreUnavailableException      when the store fails
     * @throws EtagRetry.ConflictsPersist     when every attempt lost its race
     */
    public <T> EtagRetry.Result<T> update(String key, Class<T> type, T empty, UnaryOperator<T> change, String what) {
        return retry.update(() -> read(key, type), empty, change, (value, etag) -> write(key, value, etag, what), what);
    }

    /** One write with the ETag read before; false when someone else wrote first. */
    public boolean write(String key, Object value, String etag, String what) {
        try {
            dapr.saveState(storeName, key, etag == null || etag.isEmpty() ? null : etag, value, FIRST_WRITE)
                    .block(callTimeout);
            return true;
        } catch (RuntimeException e) {
            if (DaprFailures.isEtagConflict(e) || etag == null && createdMeanwhile(key)) {
                return false;
            }
            throw new StoreUnavailableException("state store " + storeName + " failed: " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * A first write (no ETag) that loses the race to create the key fails on Redis with a plain
     * error, not ABORTED: if the key exists now, that was a lost race, not an outage.
     */
    private boolean createdMeanwhile(String key) {
        try {
            return callSdk(dapr.getState(storeName, key, Object.class), "read " + key).getValue() != null;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private <T> T callSdk(Mono<T> call, String what) {
        try {
            return call.block(callTimeout);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("state store " + storeName + " failed: " + what + ": " + e.getMessage(), e);
        }
    }
}
