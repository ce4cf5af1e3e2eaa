package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports below the kernel's ephemeral range. A port from {@code new ServerSocket(0)} comes
 * from that range, so between choosing it and the process binding it, any outgoing connection
 * (of Payara, daprd, Maven...) could take it: placement then died with "address already in
 * use". Ports below the range are only ever taken by listeners, which the bind check sees, and
 * ports handed out in this JVM are never handed out again (a stack restarts its processes on
 * the same ports).
 *
 * <p>One instance hands out the ports of one stack: it starts at a random port and goes up.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final int lowest;
    private final int below;
    private int candidate;

    public FreePorts() {
        below = ephemeralRangeStart();
        if (below < 2048) {
            throw new UncheckedIOException(new IOException(
                    "the ephemeral port range starts at " + below + ", leaving no room below it"));
        }
        lowest = Math.min(10000, below / 2);
        candidate = lowest + ThreadLocalRandom.current().nextInt(below - lowest);
    }

    /** The next port that is free now and was not handed out before in this JVM. */
    public int next() {
        synchronized (HANDED_OUT) {
            int tried = 0;
            while (HANDED_OUT.contains(candidate) || !bindable(candidate)) {
                candidate = candidate + 1 < below ? candidate + 1 : lowest;
                if (++tried > below - lowest) {
                    throw new UncheckedIOException(new IOException("no free port between " + lowest + " and " + below));
                }
            }
            HANDED_OUT.add(candidate);
            return candidate;
        }
    }

    private static boolean bindable(int port) {
        // The wildcard address, as placement binds ":port"; a loopback-only listener conflicts too.
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: procfs reports a size of 0, and readString then stops
            // after the first byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32768; // Linux's default
        }
    }
}
