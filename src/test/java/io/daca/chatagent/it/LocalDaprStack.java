package io.daca.chatagent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Dapr side of an integration test: {@code placement}, {@code daprd} and, for the Redis
 * components, a {@code redis-server}, each on free ports, started by the test itself.
 *
 * <p>Register it as a static {@code @RegisterExtension} field built with {@link #start()}: the
 * field is read, so the stack is started, before Arquillian's beforeAll boots Payara Micro. The
 * stack writes {@code micro.properties} (the app's HTTP port and the sidecar's ports) that the
 * pom passes to Payara Micro with {@code --systemproperties}. daprd waits for the app port, so
 * the order in which the two come up does not matter.
 */
public final class LocalDaprStack implements AfterAllCallback {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Path STACK_DIR = Path.of(System.getProperty("it.stack.dir", "target/it-stack"));
    private static final Path DAPR_BIN = Path.of(System.getenv().getOrDefault("DAPR_BIN_DIR",
            System.getProperty("user.home") + "/.dapr/bin"));
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final String componentSet;
    private final boolean separatePubsubRedis;
    private final Map<String, String> appSettings;
    private final Path runDir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private Process redis;
    private Process pubsubRedis;
    private Process placement;
    private final int instanceCount;
    private final Process[] daprds;

    private LocalDaprStack(String componentSet, boolean separatePubsubRedis, Map<String, String> appSettings,
                           String name, int instanceCount) {
        this.componentSet = componentSet;
        this.instanceCount = instanceCount;
        this.daprds = new Process[instanceCount];
        this.separatePubsubRedis = separatePubsubRedis;
        this.appSettings = appSettings;
        this.runDir = STACK_DIR.resolve(name);
    }

    /** Dapr's in-memory state store and pub/sub: nothing else to run. */
    public static Builder inMemory() {
        return new Builder("in-memory");
    }

    /** The Redis components against a redis-server this stack starts. */
    public static Builder redis() {
        return new Builder("redis");
    }

    public static final class Builder {
        private final String componentSet;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String name;
        private boolean separatePubsubRedis;
        private int instances = 1;

        private Builder(String componentSet) {
            this.componentSet = componentSet;
        }

        /** An app setting (MicroProfile Config key) for this stack's Payara Micro. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Puts the pubsub on a Redis of its own, so a test can take the pubsub away while the
         * state store stays up.
         */
        public Builder separatePubsubRedis() {
            separatePubsubRedis = true;
            return this;
        }

        /**
         * Several app instances, each with its own daprd, sharing this stack's placement and
         * Redis. Deploy instance i after {@link #useInstance(int) useInstance(i)}.
         */
        public Builder instances(int count) {
            instances = count;
            return this;
        }

        /** Names the folder under target/it-stack that holds this stack's logs. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        public LocalDaprStack start() {
            LocalDaprStack stack = new LocalDaprStack(componentSet, separatePubsubRedis, settings,
                    name != null ? name : componentSet + "-" + System.nanoTime(), instances);
            // A safety net: no daprd, placement or redis outlives the test JVM, whatever happens.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-" + stack.runDir.getFileName()));
            try {
                stack.startAll();
            } catch (IOException | RuntimeException e) {
                stack.close();
                throw new IllegalStateException("Could not start the local Dapr stack: " + e.getMessage(), e);
            }
            return stack;
        }
    }

    private void startAll() throws IOException {
        Files.createDirectories(runDir);
        List<String> names = new ArrayList<>(List.of("placement", "placementHealth", "placementMetrics",
                "placementRaft", "redis", "pubsubRedis"));
        for (int i = 0; i < instanceCount; i++) {
            for (String name : List.of("app", "daprHttp", "daprGrpc", "daprInternalGrpc", "daprMetrics")) {
                names.add(name + i);
            }
        }
        allocatePorts(names.toArray(String[]::new));
        Path resources = writeComponents();
        useInstance(0);
        if (componentSet.equals("redis")) {
            redis = startRedis("redis", port("redis"), false);
            if (separatePubsubRedis) {
                pubsubRedis = startRedis("pubsub-redis", port("pubsubRedis"), true);
            }
        }
        placement = launch("placement", List.of(DAPR_BIN.resolve("placement").toString(),
                "--port", port("placement"),
                "--healthz-port", port("placementHealth"),
                "--metrics-port", port("placementMetrics"),
                "--id", "it-placement",
                "--initial-cluster", "it-placement=127.0.0.1:" + port("placementRaft"),
                "--log-level", "info"));
        for (int i = 0; i < instanceCount; i++) {
            startSidecar(i, resources);
        }
    }

    /**
     * Free ports below the kernel's ephemeral range. A port from {@code new ServerSocket(0)} comes
     * from that range, so between choosing it and the process binding it, any outgoing connection
     * (of Payara, daprd, Maven...) could take it: placement then died with "address already in
     * use". Ports below the range are only ever taken by listeners, which the bind check sees, and
     * ports handed out in this JVM are never handed out again (a stack restarts its processes on
     * the same ports).
     */
    private void allocatePorts(String... names) throws IOException {
        int below = ephemeralRangeStart();
        if (below < 2048) {
            throw new IOException("the ephemeral port range starts at " + below + ", leaving no room below it");
        }
        int lowest = Math.min(10000, below / 2);
        synchronized (HANDED_OUT) {
            int candidate = lowest + ThreadLocalRandom.current().nextInt(below - lowest);
            for (String name : names) {
                int tried = 0;
                while (HANDED_OUT.contains(candidate) || !bindable(candidate)) {
                    candidate = candidate + 1 < below ? candidate + 1 : lowest;
                    if (++tried > below - lowest) {
                        throw new IOException("no free port between " + lowest + " and " + below);
                    }
                }
                HANDED_OUT.add(candidate);
                ports.put(name, candidate);
            }
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

    private String port(String name) {
        return Integer.toString(ports.get(name));
    }

    private Path writeComponents() throws IOException {
        Path resources = runDir.resolve("resources");
        Files.createDirectories(resources);
        try (Stream<Path> old = Files.list(resources)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (Path source : List.of(PROJECT.resolve("components").resolve(componentSet),
                PROJECT.resolve("components/common"))) {
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    String redisPort = separatePubsubRedis && file.getFileName().toString().equals("pubsub.yaml")
                            ? port("pubsubRedis") : port("redis");
                    String yaml = Files.readString(file).replace("localhost:6379", "127.0.0.1:" + redisPort);
                    Files.writeString(resources.resolve(file.getFileName()), yaml);
                }
            }
        }
        return resources;
    }

    /**
     * Points the next Payara Micro boot at instance {@code i}: its HTTP port, its daprd, its host
     * id. Call before deploying that instance.
     */
    public void useInstance(int i) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("payaramicro.port", port("app" + i));
        properties.put("host.id", hostId(i));
        properties.put("dapr.sidecar.ip", "127.0.0.1");
        properties.put("dapr.http.port", port("daprHttp" + i));
        properties.put("dapr.grpc.port", port("daprGrpc" + i));
        properties.putAll(appSettings);
        StringBuilder text = new StringBuilder("# Written by LocalDaprStack for " + runDir.getFileName() + ", instance " + i + "\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.createDirectories(STACK_DIR);
        Files.writeString(STACK_DIR.resolve("micro.properties"), text);
    }

    private Process startRedis(String name, String redisPort, boolean durable) throws IOException {
        Path data = runDir.resolve(name + "-data");
        Files.createDirectories(data);
        // The pubsub Redis keeps its streams across a restart, as a real broker would.
        Process process = launch(name, List.of(findOnPath("redis-server"),
                "--port", redisPort, "--bind", "127.0.0.1", "--save", "", "--appendonly", durable ? "yes" : "no",
                "--dir", data.toString()));
        await(name + " to accept connections", Duration.ofSeconds(30),
                () -> redisCliAt(redisPort, "PING").contains("PONG"));
        return process;
    }

    /** Shuts the pubsub's Redis down (it saves its data), as a broker outage. */
    public void stopPubsubRedis() {
        redisCliAt(port("pubsubRedis"), "SHUTDOWN");
        stop(pubsubRedis, false);
    }

    public void startPubsubRedisAgain() throws IOException {
        pubsubRedis = startRedis("pubsub-redis", port("pubsubRedis"), true);
    }

    public String hostId(int i) {
        return runDir.getFileName() + "-" + i;
    }

    private void startSidecar(int i, Path resources) {
        daprds[i] = launch(i == 0 ? "daprd" : "daprd-" + i, List.of(DAPR_BIN.resolve("daprd").toString(),
                "--app-id", "chat-agent",
                "--app-port", port("app" + i),
                "--app-protocol", "http",
                // Payara Micro opens its port before the WAR is deployed; daprd asks /dapr/config
                // for the actor types only once the app is healthy, so it must probe /healthz.
                "--enable-app-health-check",
                "--app-health-check-path", "/healthz",
                "--app-health-probe-interval", "2",
                "--app-health-probe-timeout", "1500",
                "--app-health-threshold", "5",
                "--dapr-http-port", port("daprHttp" + i),
                "--dapr-grpc-port", port("daprGrpc" + i),
                "--dapr-internal-grpc-port", port("daprInternalGrpc" + i),
                "--metrics-port", port("daprMetrics" + i),
                "--dapr-listen-addresses", "127.0.0.1",
                "--placement-host-address", "127.0.0.1:" + port("placement"),
                "--scheduler-host-address", "",
                "--resources-path", resources.toString(),
                "--config", PROJECT.resolve("components/config.yaml").toString(),
                "--log-level", "info"),
                // daprd's own namespace, as the sidecar injector sets it on Kubernetes.
                Map.of("NAMESPACE", appSettings.getOrDefault("namespace", "default")));
    }

    private Process launch(String name, List<String> command) {
        return launch(name, command, Map.of());
    }

    private Process launch(String name, List<String> command, Map<String, String> environment) {
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            throw new IllegalStateException(command.get(0) + " is missing; run scripts/dapr-toolchain.sh"
                    + (name.equals("redis") ? " and install redis-server" : ""));
        }
        try {
            Path log = runDir.resolve(name + ".log");
            Files.writeString(log, "# " + Instant.now() + " " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
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

    // --- what the tests use -------------------------------------------------------------------

    public String appUrl() {
        return appUrl(0);
    }

    public String appUrl(int i) {
        return "http://127.0.0.1:" + port("app" + i);
    }

    public String daprHttpUrl() {
        return daprHttpUrl(0);
    }

    public String daprHttpUrl(int i) {
        return "http://127.0.0.1:" + port("daprHttp" + i);
    }

    /** Waits until the app is ready and daprd hosts ChatAgent with placement connected. */
    public void awaitReady(Duration timeout) {
        awaitReady(0, timeout);
    }

    public void awaitReady(int i, Duration timeout) {
        await("instance " + i + " to be ready and its daprd to host ChatAgent", timeout, () -> {
            requireAlive(i == 0 ? "daprd" : "daprd-" + i, daprds[i]);
            requireAlive("placement", placement);
            HttpResponse<String> ready = get(appUrl(i) + "/health/ready");
            HttpResponse<String> metadata = get(daprHttpUrl(i) + "/v1.0/metadata");
            return ready != null && ready.statusCode() == 200
                    && metadata != null && metadata.body().contains("\"hostReady\":true")
                    && metadata.body().contains("\"type\":\"ChatAgent\"")
                    && metadata.body().contains("placement: connected");
        });
    }

    private void requireAlive(String name, Process process) {
        if (process != null && !process.isAlive()) {
            String tail;
            try (Stream<String> lines = Files.lines(runDir.resolve(name + ".log"))) {
                List<String> all = lines.toList();
                tail = String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
            } catch (IOException e) {
                tail = "(no log: " + e.getMessage() + ")";
            }
            throw new AssertionError(name + " exited with " + process.exitValue() + "; its log ends:\n" + tail);
        }
    }

    /** Kills daprd as a crash would (no graceful shutdown). */
    public void killSidecar() {
        killSidecar(0);
    }

    public void killSidecar(int i) {
        stop(daprds[i], true);
        await("daprd " + i + " to stop", Duration.ofSeconds(20), () -> get(daprHttpUrl(i) + "/v1.0/healthz") == null);
    }

    /** Starts daprd again on the same ports with the same components. */
    public void startSidecarAgain() {
        startSidecar(0, runDir.resolve("resources"));
    }

    public void restartSidecar() {
        stop(daprds[0], false);
        startSidecarAgain();
    }

    /** Runs a redis-cli command against this stack's Redis and returns its output. */
    public String redisCli(String... args) {
        return redisCliAt(port("redis"), args);
    }

    private String redisCliAt(String redisPort, String... args) {
        List<String> command = new ArrayList<>(List.of(findOnPath("redis-cli"), "-h", "127.0.0.1", "-p", redisPort));
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

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
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

    public void close() {
        // daprd first, so it does not log the others' disappearance as errors.
        for (Process daprd : daprds) {
            stop(daprd, false);
        }
        stop(placement, false);
        stop(redis, false);
        stop(pubsubRedis, false);
        processes.forEach(process -> stop(process, true));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
