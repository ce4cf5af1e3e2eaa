package io.daca.chatagent.it;

import io.daca.chatagent.it.stack.ActorHostWait;
import io.daca.chatagent.it.stack.AppLessDaprdProcess;
import io.daca.chatagent.it.stack.DaprdPorts;
import io.daca.chatagent.it.stack.DaprdProcess;
import io.daca.chatagent.it.stack.FreePorts;
import io.daca.chatagent.it.stack.LocalProcess;
import io.daca.chatagent.it.stack.PlacementPorts;
import io.daca.chatagent.it.stack.PlacementProcess;
import io.daca.chatagent.it.stack.RedisProcess;
import io.daca.chatagent.it.stack.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Dapr side of an integration test: {@code placement}, {@code daprd} and, for the Redis
 * components, a {@code redis-server}, each on free ports, started by the test itself. The
 * processes are the classes of {@link io.daca.chatagent.it.stack}; daprd and placement take the
 * flags listed in server-config/daprd.args and placement.args, as scripts/run.sh does.
 *
 * <p>Register it as a static {@code @RegisterExtension} field built with {@link #start()}: the
 * field is read, so the stack is started, before Arquillian's beforeAll boots Payara Micro. The
 * stack writes {@code micro.properties} (the app's HTTP port and the sidecar's ports) that the
 * pom passes to Payara Micro with {@code --systemproperties}. daprd waits for the app port, so
 * the order in which the two come up does not matter.
 */
public final class LocalDaprStack implements AfterAllCallback {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path SERVER_CONFIG = PROJECT.resolve("server-config");
    private static final Path STACK_DIR = Path.of(System.getProperty("it.stack.dir", "target/it-stack"));
    private static final ActorHostWait CHAT_AGENT_HOSTED = new ActorHostWait("ChatAgent");

    private final String componentSet;
    private final boolean separatePubsubRedis;
    private final Map<String, String> appSettings;
    private final Path runDir;
    private final int[] appPorts;
    private final DaprdProcess[] daprds;
    private final PlacementProcess placement;
    private final RedisProcess redis;
    private final RedisProcess pubsubRedis;
    private final Tokens tokens;
    private final List<AppLessDaprdProcess> otherApps = new ArrayList<>();

    /** The Dapr API token (daprd asks it of its callers) and the app token (daprd presents it to the app). */
    private record Tokens(String daprApi, String app) {
    }

    private LocalDaprStack(String componentSet, boolean separatePubsubRedis, Map<String, String> appSettings,
                           String name, int instanceCount, Tokens tokens) {
        this.componentSet = componentSet;
        this.separatePubsubRedis = separatePubsubRedis;
        this.appSettings = appSettings;
        this.runDir = STACK_DIR.resolve(name);
        this.tokens = tokens;
        FreePorts free = new FreePorts();
        placement = new PlacementProcess(SERVER_CONFIG, runDir, PlacementPorts.allocate(free), "it-placement");
        redis = new RedisProcess("redis", runDir, free.next(), false);
        // The pubsub Redis keeps its streams across a restart, as a real broker would.
        pubsubRedis = new RedisProcess("pubsub-redis", runDir, free.next(), true);
        appPorts = new int[instanceCount];
        daprds = new DaprdProcess[instanceCount];
        for (int i = 0; i < instanceCount; i++) {
            appPorts[i] = free.next();
            daprds[i] = new DaprdProcess(i == 0 ? "daprd" : "daprd-" + i, SERVER_CONFIG, runDir,
                    new DaprdProcess.Settings(appPorts[i], DaprdPorts.allocate(free), placement.ports(),
                            runDir.resolve("resources"), PROJECT.resolve("components/config.yaml"),
                            appSettings.getOrDefault("namespace", "default")));
            if (tokens != null) {
                daprds[i].withTokens(tokens.daprApi(), tokens.app());
            }
        }
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
        private Tokens tokens;

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

        /**
         * Runs with a Dapr API token and an app token, both random for this stack: every daprd
         * gets them as {@code DAPR_API_TOKEN} and {@code APP_API_TOKEN}, the app as the settings
         * {@code dapr.api.token} and {@code app.api-token}. Tests call daprd's API with
         * {@link #daprApiToken()}.
         */
        public Builder withTokens() {
            tokens = new Tokens(randomToken(), randomToken());
            settings.put("dapr.api.token", tokens.daprApi());
            settings.put("app.api-token", tokens.app());
            return this;
        }

        private static String randomToken() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        /** Names the folder under target/it-stack that holds this stack's logs. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        public LocalDaprStack start() {
            String folder = name != null ? name : componentSet + "-" + System.nanoTime();
            LocalDaprStack stack;
            try {
                stack = new LocalDaprStack(componentSet, separatePubsubRedis, settings, folder, instances, tokens);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Could not start the local Dapr stack: " + e.getMessage(), e);
            }
            // A safety net: no daprd, placement or redis outlives the test JVM, whatever happens.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-" + folder));
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
        writeComponents(runDir.resolve("resources"));
        useInstance(0);
        if (componentSet.equals("redis")) {
            redis.start();
            if (separatePubsubRedis) {
                pubsubRedis.start();
            }
        }
        placement.start();
        for (DaprdProcess daprd : daprds) {
            daprd.start();
        }
    }

    /** The component files of this stack's set and the common ones, pointed at its Redis ports. */
    private void writeComponents(Path resources) throws IOException {
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
                    int redisPort = separatePubsubRedis && file.getFileName().toString().equals("pubsub.yaml")
                            ? pubsubRedis.port() : redis.port();
                    String yaml = Files.readString(file).replace("localhost:6379", "127.0.0.1:" + redisPort);
                    Files.writeString(resources.resolve(file.getFileName()), yaml);
                }
            }
        }
    }

    /**
     * Points the next Payara Micro boot at instance {@code i}: its HTTP port, its daprd, its host
     * id. Call before deploying that instance.
     */
    public void useInstance(int i) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("payaramicro.port", Integer.toString(appPorts[i]));
        properties.put("host.id", hostId(i));
        properties.put("dapr.sidecar.ip", "127.0.0.1");
        properties.put("dapr.http.port", Integer.toString(daprds[i].ports().http()));
        properties.put("dapr.grpc.port", Integer.toString(daprds[i].ports().grpc()));
        properties.putAll(appSettings);
        StringBuilder text = new StringBuilder("# Written by LocalDaprStack for " + runDir.getFileName() + ", instance " + i + "\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.createDirectories(STACK_DIR);
        Files.writeString(STACK_DIR.resolve("micro.properties"), text);
    }

    /** Shuts the pubsub's Redis down (it saves its data), as a broker outage. */
    public void stopPubsubRedis() {
        pubsubRedis.shutdown();
    }

    public void startPubsubRedisAgain() {
        pubsubRedis.start();
    }

    public String hostId(int i) {
        return runDir.getFileName() + "-" + i;
    }

    // --- what the tests use -------------------------------------------------------------------

    public String appUrl() {
        return appUrl(0);
    }

    public String appUrl(int i) {
        return "http://127.0.0.1:" + appPorts[i];
    }

    public String daprHttpUrl() {
        return daprHttpUrl(0);
    }

    public String daprHttpUrl(int i) {
        return daprds[i].httpUrl();
    }

    /** The port of daprd's gRPC API (instance 0). */
    public int daprGrpcPort() {
        return daprds[0].ports().grpc();
    }

    /** The Dapr API token every daprd of this stack asks for; empty unless built {@code withTokens()}. */
    public Optional<String> daprApiToken() {
        return Optional.ofNullable(tokens).map(Tokens::daprApi);
    }

    /** The token this stack's daprds present to the app; empty unless built {@code withTokens()}. */
    public Optional<String> appApiToken() {
        return Optional.ofNullable(tokens).map(Tokens::app);
    }

    /**
     * Starts the daprd of another Dapr app, {@code appId}, with no app behind it, on this stack's
     * placement, components and Configuration and without tokens; it stops with the stack.
     */
    public AppLessDaprdProcess startAppLessDaprd(String appId) {
        AppLessDaprdProcess daprd = new AppLessDaprdProcess(appId, SERVER_CONFIG, runDir, DaprdPorts.allocate(new FreePorts()),
                placement.ports(), runDir.resolve("resources"), PROJECT.resolve("components/config.yaml"),
                appSettings.getOrDefault("namespace", "default"));
        otherApps.add(daprd);
        daprd.start();
        return daprd;
    }

    /** Waits until the app is ready and daprd hosts ChatAgent with placement connected. */
    public void awaitReady(Duration timeout) {
        awaitReady(0, timeout);
    }

    public void awaitReady(int i, Duration timeout) {
        CHAT_AGENT_HOSTED.await(appUrl(i), daprds[i], placement, timeout,
                "instance " + i + " to be ready and its daprd to host ChatAgent");
    }

    /** Kills daprd as a crash would (no graceful shutdown). */
    public void killSidecar() {
        killSidecar(0);
    }

    public void killSidecar(int i) {
        daprds[i].kill();
        await("daprd " + i + " to stop", Duration.ofSeconds(20), () -> !daprds[i].answers());
    }

    /** Starts daprd again on the same ports with the same components. */
    public void startSidecarAgain() {
        daprds[0].start();
    }

    public void restartSidecar() {
        daprds[0].stop();
        startSidecarAgain();
    }

    /** Runs a redis-cli command against this stack's Redis and returns its output. */
    public String redisCli(String... args) {
        return redis.cli(args);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Wait.until(what, timeout, condition);
    }

    public void close() {
        // daprd first, so it does not log the others' disappearance as errors.
        List<LocalProcess> inStopOrder = new ArrayList<>(otherApps);
        inStopOrder.addAll(List.of(daprds));
        inStopOrder.addAll(List.of(placement, redis, pubsubRedis));
        inStopOrder.forEach(LocalProcess::stop);
        inStopOrder.forEach(LocalProcess::close);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
