package io.daca.chatagent.dapr;

import java.util.List;
import java.util.Map;

/**
 * A state store as seen by code that reads several keys at once and writes them back with the
 * ETags it read (first-write concurrency): the batched analytics passes. {@link EtagStore} is the
 * Dapr one; tests of the passes use one in memory.
 */
public interface VersionedStore {

    /** A value to write if its key still has {@code etag}; a null ETag writes only a key that does not exist. */
    record Write(String key, Object value, String etag) {
    }

    /**
     * Every key, in the order given, with its value and ETag ({@link EtagRetry.Read} with a null
     * value when the key does not exist).
     *
     * @throws EtagStore.StoreUnavailableException when the store fails
     */
    <T> Map<String, EtagRetry.Read<T>> readEach(List<String> keys, Class<T> type);

    /**
     * Writes each value if its key is unchanged since it was read. True when every write was
     * made; false when at least one may not have been (it lost its race, or the store failed and
     * cannot say which were made): the caller reads again, and a store that is down fails there.
     */
    boolean writeEach(List<Write> writes, String what);

    /**
     * Every key of {@code types}, each read as its type, in one call: on a store whose bulk read
     * is one snapshot (Dapr's in-memory store reads every key under one lock) they are read at
     * one instant.
     *
     * @throws EtagStore.StoreUnavailableException when the store fails
     */
    Map<String, EtagRetry.Read<Object>> readEach(Map<String, Class<?>> types);

    /**
     * All the writes in one transaction, creations included; true when it was made. Atomic only
     * where the store's transactions are (Dapr's in-memory store checks every ETag before applying
     * any; its Redis store does not): call it only for such a store.
     */
    boolean writeTogether(List<Write> writes, String what);
}
