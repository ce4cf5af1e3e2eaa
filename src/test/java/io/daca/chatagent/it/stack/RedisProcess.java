package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server of the stack's own on 127.0.0.1, its data in {@code <name>-data}. */
public final class RedisProcess extends LocalProcess {

    private final int port;
    private final boolean durable;
    private final Path data;
    private boolean started;

    /**
     * @param durable whether it keeps its data across a restart (an append-only file), as a real
     *                broker would; the state store's Redis does not need to
     */
    public RedisProcess(String name, Path runDir, int port, boolean durable) {
        super(name, runDir);
        this.port = port;
        this.durable = durable;
        this.data = runDir.resolve(name + "-data");
    }

    public int port() {
        return port;
    }

    /**
     * Starts redis-server and waits until it answers PING. The first start of a stack begins with
     * no data: what an earlier run saved on SHUTDOWN (a dump.rdb, or the append-only file) would
     * otherwise come back in this one, counts and streams included. Later starts keep it.
     */
    @Override
    public void start() {
        try {
            if (!started && Files.exists(data)) {
                try (var files = Files.walk(data)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            started = true;
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        super.start();
        Wait.until(name() + " to accept connections", Duration.ofSeconds(30), () -> cli("PING").contains("PONG"));
    }

    /** Shuts Redis down with SHUTDOWN, so it saves its data, as in a broker outage. */
    public void shutdown() {
        cli("SHUTDOWN");
        stop();
    }

    @Override
    protected List<String> command() {
        return List.of(findOnPath("redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", durable ? "yes" : "no", "--dir", data.toString());
    }

    /** Runs a redis-cli command against this Redis and returns its output ("" if it could not run). */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(findOnPath("redis-cli"), "-h", "127.0.0.1",
                "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.SECONDS);
            return output.trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not on the PATH; .ci/run installs it (apt-get install redis-server)");
    }
}
