package io.daca.chatagent.partition;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The app's own partitioner, as in the reference (seed 002): the MD5 of the id, read as an
 * unsigned integer, modulo the partition count. Stable for a given id and count, and the same
 * number Python's {@code int(hashlib.md5(id.encode()).hexdigest(), 16) % n} gives.
 *
 * <p>This shards the app's own data (analytics counters); Dapr's placement service, not this,
 * decides which host runs an actor.
 */
public final class HashPartitioner {

    private final int partitionCount;

    public HashPartitioner(int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be at least 1, got " + partitionCount);
        }
        this.partitionCount = partitionCount;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public int partitionOf(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest).mod(BigInteger.valueOf(partitionCount)).intValue();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}
