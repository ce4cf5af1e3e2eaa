package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One program of the local stack, run as a child process of the test JVM: its command line, its
 * log ({@code <name>.log} in the stack's folder, appended to on every start) and every process
 * started for it, so that none outlives {@link #close()}.
 */
public abstract class LocalProcess {

    protected static final Path DAPR_BIN = daprBin();

    /**
     * Where scripts/dapr-toolchain.sh found or built daprd and placement: DAPR_BIN_DIR (scripts/test.sh
     * sets it), else the project's own build, else the Dapr CLI's ~/.dapr/bin.
     */
    private static Path daprBin() {
        String chosen = System.getenv("DAPR_BIN_DIR");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        Path project = Path.of(".dapr-runtime", "bin").toAbsolutePath();
        return Files.isExecutable(project.resolve("daprd")) ? project
                : Path.of(System.getProperty("user.home"), ".dapr", "bin");
    }

    private final String name;
    private final Path log;
    private final List<Process> started = new ArrayList<>();
    private Process current;

    protected LocalProcess(String name, Path runDir) {
        this.name = name;
        this.log = runDir.resolve(name + ".log");
    }

    /** The program and its arguments, computed at every start. */
    protected abstract List<String> command();

    /** Environment variables added to the test JVM's for this process. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    public String name() {
        return name;
    }

    /** Starts the program (again), its output going to its log. */
    public void start() {
        List<String> command = command();
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            throw new IllegalStateException(command.get(0) + " is missing; run scripts/dapr-toolchain.sh");
        }
        try {
            Files.writeString(log, "# " + Instant.now() + " " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment());
            current = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            started.add(current);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** True while the process last started runs (whether or not it answers yet). */
    public boolean isRunning() {
        return current != null && current.isAlive();
    }

    /** Fails, with the end of the log, if the process was started and has exited since. */
    public void requireAlive() {
        if (current != null && !current.isAlive()) {
            String tail;
            try (Stream<String> lines = Files.lines(log)) {
                List<String> all = lines.toList();
                tail = String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
            } catch (IOException e) {
                tail = "(no log: " + e.getMessage() + ")";
            }
            throw new AssertionError(name + " exited with " + current.exitValue() + "; its log ends:\n" + tail);
        }
    }

    /** Asks the process to stop (SIGTERM), and kills it if it has not within 15 s. */
    public void stop() {
        stop(current, false);
    }

    /** Kills the process (SIGKILL), as a crash would: no graceful shutdown. */
    public void kill() {
        stop(current, true);
    }

    /** Stops the process, and kills any process ever started for this one that still runs. */
    public void close() {
        stop();
        started.forEach(process -> stop(process, true));
    }

    private static void stop(Process process, boolean kill) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
