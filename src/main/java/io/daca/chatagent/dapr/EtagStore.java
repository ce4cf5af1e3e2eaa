package io.daca.chatagent.dapr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Dapr state store (not the actor store) whose keys are written with the ETag that was read
 * (first-write concurrency). Only single-key writes are atomic on every store: Redis applies a
 * multi-key transaction operation by operation, without rollback, and answers any failed one with
 * a plain INTERNAL error that does not say which. So {@link #writeEach} may leave some writes made
 * and some not, and its caller must be correct either way (it reads again). Calls block, each
 * bounded by {@code callTimeout}; use it off the request and actor threads.
 */
public final class EtagStore implements VersionedStore {

    private static final Logger LOG = Logger.getLogger(EtagStore.class.getName());

    private static final int BULK_READ_BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StateOptions FIRST_WRITE =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

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

    public EtagStore(DaprClient dapr, String storeName, Duration callTimeout, EtagRetry retry) {
        this.dapr = dapr;
        this.storeName = storeName;
        this.callTimeout = callTimeout;
        this.retry = retry;
    }

    public <T> EtagRetry.Read<T> read(String key, Class<T> type) {
        State<T> state = call(dapr.getState(storeName, key, type), "read " + key);
        return new EtagRetry.Read<>(state.getValue(), state.getEtag());
    }

    /** The values of those keys that exist, by key; read in batches to bound each call. */
    public <T> Map<String, T> readAll(List<String> keys, Class<T> type) {
        Map<String, T> values = new HashMap<>();
        for (State<T> state : bulkRead(keys, type)) {
            if (state.getValue() != null) {
                values.put(state.getKey(), state.getValue());
            }
        }
        return values;
    }

    /** Every key's state, in bulk reads of at most {@link #BULK_READ_BATCH} keys. */
    private <T> List<State<T>> bulkRead(List<String> keys, Class<T> type) {
        List<State<T>> states = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += BULK_READ_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BULK_READ_BATCH));
            states.addAll(call(dapr.getBulkState(storeName, batch, type), "read " + batch.size() + " keys"));
        }
        return states;
    }

    @Override
    public <T> Map<String, EtagRetry.Read<T>> readEach(List<String> keys, Class<T> type) {
        Map<String, EtagRetry.Read<T>> values = new LinkedHashMap<>();
        for (State<T> state : bulkRead(keys, type)) {
            if (state.getError() != null && !state.getError().isEmpty()) {
                throw new StoreUnavailableException("state store " + storeName + " failed to read "
                        + state.getKey() + ": " + state.getError(), null);
            }
            String etag = state.getEtag() == null || state.getEtag().isEmpty() ? null : state.getEtag();
            values.put(state.getKey(), new EtagRetry.Read<>(state.getValue(), state.getValue() == null ? null : etag));
        }
        return values;
    }

    /**
     * Keys that exist are written in one transaction (one call, whatever their number); keys to
     * create, each with a single first-write save, all at once. A key created by a Redis
     * transaction would lack the marker that makes Dapr's Redis store refuse a later write without
     * an ETag ({@code first-write} in its Lua script), so a second creator would silently
     * overwrite it: creations never go into the transaction.
     */
    @Override
    public boolean writeEach(List<Write> writes, String what) {
        List<Mono<Boolean>> calls = new ArrayList<>();
        List<TransactionalStateOperation<?>> updates = new ArrayList<>();
        for (Write write : writes) {
            if (write.etag() == null) {
                calls.add(made(dapr.saveState(storeName, write.key(), null, write.value(), FIRST_WRITE), what));
            } else {
                updates.add(new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
                        new State<>(write.key(), write.value(), write.etag(), FIRST_WRITE)));
            }
        }
        if (updates.size() == 1) {
            State<?> only = updates.get(0).getRequest();
            calls.add(made(dapr.saveState(storeName, only.getKey(), only.getEtag(), only.getValue(), FIRST_WRITE), what));
        } else if (!updates.isEmpty()) {
            calls.add(made(dapr.executeStateTransaction(storeName, updates), what));
        }
        try {
            List<Boolean> made = Flux.merge(calls).collectList().block(callTimeout);
            return made != null && !made.contains(false);
        } catch (RuntimeException e) {
            LOG.fine(() -> "'" + what + "': no answer from state store " + storeName + ": " + e);
            return false;
        }
    }

    @Override
    public Map<String, EtagRetry.Read<Object>> readEach(Map<String, Class<?>> types) {
        Map<String, EtagRetry.Read<Object>> values = new LinkedHashMap<>();
        readEach(List.copyOf(types.keySet()), JsonNode.class).forEach((key, read) -> {
            try {
                Object value = read.value() == null ? null : JSON.treeToValue(read.value(), types.get(key));
                values.put(key, new EtagRetry.Read<>(value, read.etag()));
            } catch (JsonProcessingException e) {
                throw new StoreUnavailableException("state store " + storeName + " holds " + key
                        + " in a form this version cannot read: " + e.getOriginalMessage(), e);
            }
        });
        return values;
    }

    @Override
    public boolean writeTogether(List<Write> writes, String what) {
        List<TransactionalStateOperation<?>> operations = writes.stream()
                .<TransactionalStateOperation<?>>map(write -> new TransactionalStateOperation<>(
                        TransactionalStateOperation.OperationType.UPSERT,
                        new State<>(write.key(), write.value(), write.etag(), FIRST_WRITE)))
                .toList();
        try {
            Boolean made = made(dapr.executeStateTransaction(storeName, operations), what).block(callTimeout);
            return Boolean.TRUE.equals(made);
        } catch (RuntimeException e) {
            LOG.fine(() -> "'" + what + "': no answer from state store " + storeName + ": " + e);
            return false;
        }
    }

    private Mono<Boolean> made(Mono<Void> call, String what) {
        return call.thenReturn(true).onErrorResume(e -> {
            LOG.fine(() -> "'" + what + "': a write to state store " + storeName + " was not made: " + e.getMessage());
            return Mono.just(false);
        });
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
            return call(dapr.getState(storeName, key, Object.class), "read " + key).getValue() != null;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private <T> T call(Mono<T> call, String what) {
        try {
            return call.block(callTimeout);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("state store " + storeName + " failed: " + what + ": " + e.getMessage(), e);
        }
    }
}
