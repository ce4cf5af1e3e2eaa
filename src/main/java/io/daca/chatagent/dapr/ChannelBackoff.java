package io.daca.chatagent.dapr;

import io.grpc.ManagedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Makes the gRPC channels inside a Dapr SDK client reconnect now. While daprd is away a channel
 * retries its connection with exponential backoff (gRPC's default grows to two minutes), and until
 * the next attempt every call on it fails with {@code UNAVAILABLE: io exception}, although daprd
 * may be back: seen in PartitioningIT, where the first actor call after daprd came back failed on
 * its state read 1.3 s after the analytics store's read had failed the same way. The SDK keeps its
 * channels private ({@code DaprClientImpl.channel} → {@code GrpcChannelFacade.channel},
 * {@code ActorClient.grpcManagedChannel} in 1.17), so they are found by reflection, two levels deep.
 */
final class ChannelBackoff {

    private ChannelBackoff() {
    }

    /** Resets the connect backoff of every channel found in {@code client}; how many were found. */
    static int resetIn(Object client) {
        Map<ManagedChannel, Boolean> channels = new IdentityHashMap<>();
        collect(client, 2, channels);
        channels.keySet().forEach(ManagedChannel::resetConnectBackoff);
        return channels.size();
    }

    private static void collect(Object object, int depth, Map<ManagedChannel, Boolean> channels) {
        if (object instanceof ManagedChannel channel) {
            channels.put(channel, true);
            return;
        }
        if (object == null || depth == 0 || !object.getClass().getName().startsWith("io.dapr.")) {
            return;
        }
        for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    collect(field.get(object), depth - 1, channels);
                } catch (RuntimeException | IllegalAccessException unreachable) {
                    // A field the module system keeps closed holds no channel of the SDK's.
                }
            }
        }
    }
}
