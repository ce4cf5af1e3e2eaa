package io.daca.chatagent.it;

import io.daca.chatagent.it.stack.ActorHostWait;
import io.daca.chatagent.it.stack.ComponentFiles;
import io.daca.chatagent.it.stack.AppLessDaprdProcess;
import io.daca.chatagent.it.stack.DaprdPorts;
import io.daca.chatagent.it.stack.DaprdProcess;
import io.daca.chatagent.it.stack.FreePorts;
import io.daca.chatagent.it.stack.LeftoverTempDirs;
import io.daca.chatagent.it.stack.LocalProcess;
import io.daca.chatagent.it.stack.PlacementPorts;
import io.daca.chatagent.it.stack.PayaraProcess;
import io.daca.chatagent.it.stack.PlacementProcess;
import io.daca.chatagent.it.stack.RedisProcess;
import io.daca.chatagent.it.stack.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Dapr side of an integration test: {@code placement}, {@code daprd} and, for the Redis
 * components, a {@code redis-server}, each on free ports, started by the test itself. The
 * processes are the classes of {@link io.daca.chatagent.it.stack}; daprd and placement take the
 * flags listed in server-config/daprd.args and placement.args, as scripts/run.sh does.
 *
 * <p>Register it as a static {@code @RegisterExtension} field built with {@code start()}: the
 * field is read, so the stack is started, before Arquillian's beforeAll boots Payara Micro. The
 * stack writes {@code micro.properties} (the app's HTTP port and the sidecar's ports) that the
 * pom passes to Payara Micro with {@code --systemproperties}. daprd waits for the app port, so
 * the order in which the two come up does not matter.
 */
public final class LocalDaprStack implements AfterAllCallback, BeforeEachCallback {

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
    private final RedisProcess analyticsRedis;
    private final PayaraProcess app;
    private final StackBuilder options;
    private final List<AppLessDaprdProcess> otherApps = new ArrayList<>();

    LocalDaprStack(StackBuilder options, String name) {
        this.options = options;
        this.componentSet = options.componentSet;
        this.separatePubsubRedis = options.separatePubsubRedis;
        this.appSettings = options.settings;
        this.runDir = STACK_DIR.resolve(name);
        FreePorts free = new FreePorts();
        placement = new PlacementProcess(SERVER_CONFIG, runDir, PlacementPorts.allocate(free), "it-placement");
        redis = new RedisProcess("redis", runDir, free.next(), options.durableStateRedis);
        // The pubsub Redis keeps its streams across a restart, as a real broker would.
        pubsubRedis = new RedisProcess("pubsub-redis", runDir, free.next(), true);
        analyticsRedis = new RedisProcess("analytics-redis", runDir, free.next(), true);
        int instanceCount = options.instances;
        appPorts = new int[instanceCount];
        daprds = new DaprdProcess[instanceCount];
        for (int i = 0; i < instanceCount; i++) {
            appPorts[i] = free.next();
            daprds[i] = new DaprdProcess(i == 0 ? "daprd" : "daprd-" + i, SERVER_CONFIG, runDir,
                    new DaprdProcess.Settings(appPorts[i], DaprdPorts.allocate(free), placement.ports(),
                            runDir.resolve("resources"), PROJECT.resolve("components/config.yaml"),
                            appSettings.getOrDefault("namespace", "default")));
            if (options.tokens != null) {
                daprds[i].withTokens(options.tokens.daprApi(), options.tokens.app());
            }
            daprds[i].withEnvironment(options.daprdEnvironment);
        }
        app = options.appProcess
                ? new PayaraProcess("app", PROJECT, runDir, appPorts[0], STACK_DIR.resolve(name + ".properties"))
                : null;
    }

    /** Dapr's in-memory state store and pub/sub: nothing else to run. */
    public static StackBuilder inMemory() {
        return new StackBuilder("in-memory");
    }

    /**
     * The Redis components against a redis-server this stack starts, with events delivered in
     * batches as scripts/run.sh --redis and the Kubernetes manifests deliver them.
     */
    public static StackBuilder redis() {
        return new StackBuilder("redis").setting("events.bulk.max-messages", "100");
    }

    void startAll() throws IOException {
        LeftoverTempDirs.removeOnce(PROJECT.resolve("target"));
        Files.createDirectories(runDir);
        writeComponents(runDir.resolve("resources"));
        useInstance(0);
        if (componentSet.equals("redis")) {
            redis.start();
            if (separatePubsubRedis) {
                pubsubRedis.start();
            }
            if (options.separateAnalyticsRedis) {
                analyticsRedis.start();
            }
        }
        placement.start();
        for (DaprdProcess daprd : daprds) {
            daprd.start();
        }
    }

    /**
     * The component files of this stack's set, the common ones and its language model's if any,
     * pointed at its Redis servers.
     */
    private void writeComponents(Path resources) throws IOException {
        Map<String, Integer> redisPorts = new LinkedHashMap<>();
        if (separatePubsubRedis) {
            redisPorts.put("pubsub.yaml", pubsubRedis.port());
        }
        if (options.separateAnalyticsRedis) {
            redisPorts.put("analytics-store.yaml", analyticsRedis.port());
        }
        List<Path> sources = new ArrayList<>(List.of(PROJECT.resolve("components").resolve(componentSet),
                PROJECT.resolve("components/common")));
        if (options.conversation != null) {
            sources.add(PROJECT.resolve("components/conversation").resolve(options.conversation + ".yaml"));
        }
        ComponentFiles.write(sources, resources, redis.port(), redisPorts, options.componentEdits);
    }

    /** Points the next Payara Micro boot at instance {@code i} (port, daprd, host id); call before deploying it. */
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
        Files.writeString(STACK_DIR.resolve(runDir.getFileName() + ".properties"), text);
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

    /** The Dapr API token this stack's daprds ask for (if built {@code withTokens()}). */
    public Optional<String> daprApiToken() {
        return Optional.ofNullable(options.tokens).map(StackBuilder.Tokens::daprApi);
    }

    /** The token this stack's daprds present to the app (if built {@code withTokens()}). */
    public Optional<String> appApiToken() {
        return Optional.ofNullable(options.tokens).map(StackBuilder.Tokens::app);
    }

    /** Starts the daprd of another app {@code appId}, with no app and no tokens; it stops with the stack. */
    public AppLessDaprdProcess startAppLessDaprd(String appId) {
        AppLessDaprdProcess daprd = new AppLessDaprdProcess(appId, SERVER_CONFIG, runDir, DaprdPorts.allocate(new FreePorts()),
                placement.ports(), runDir.resolve("resources"), PROJECT.resolve("components/config.yaml"),
                appSettings.getOrDefault("namespace", "default"));
        otherApps.add(daprd);
        daprd.start();
        return daprd;
    }

    /** With {@link StackBuilder#readyBeforeEach}: waits for the stack to be ready before each test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (options.readyBeforeEach != null) {
            awaitReady(options.readyBeforeEach);
        }
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
        startSidecarAgain(0);
    }

    public void startSidecarAgain(int i) {
        daprds[i].start();
    }

    /**
     * Starts instance i's daprd if its process is not running (an earlier test may have killed
     * it). Asked of the process, not of daprd's port: a daprd just started does not answer yet,
     * and a second one on its ports would exit.
     */
    public void ensureSidecar(int i) {
        if (!daprds[i].isRunning()) {
            daprds[i].start();
        }
    }

    public void restartSidecar() {
        daprds[0].stop();
        startSidecarAgain();
    }

    /** Starts the app (a stack built with {@link Builder#appProcess()}); see {@link #awaitReady}. */
    public void startApp() {
        requireAppProcess().start();
    }

    /** Kills the app as a crash would: SIGKILL, no shutdown hooks, no drain. */
    public void killApp() {
        requireAppProcess().kill();
        await("the app to stop answering", Duration.ofSeconds(20),
                () -> io.daca.chatagent.it.stack.Http.get(appUrl() + "/healthz") == null);
    }

    private PayaraProcess requireAppProcess() {
        if (app == null) {
            throw new IllegalStateException("this stack was not built with appProcess()");
        }
        return app;
    }

    /** Stops the analytics store's own Redis (a stack with {@code separateAnalyticsRedis()}). */
    public void stopAnalyticsRedis() {
        analyticsRedis.shutdown();
    }

    public void startAnalyticsRedisAgain() {
        analyticsRedis.start();
    }

    /** Runs a redis-cli command against the pubsub's Redis. */
    public String pubsubRedisCli(String... args) {
        return (separatePubsubRedis ? pubsubRedis : redis).cli(args);
    }

    /** Restarts the state store's Redis: SHUTDOWN (it saves its append-only file if durable), then start. */
    public void restartStateRedis() {
        redis.shutdown();
        redis.start();
    }

    /** The port of this stack's Redis (the state stores'), for tests that write to it directly. */
    public int redisPort() {
        return redis.port();
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
        if (app != null) {
            inStopOrder.add(app);
        }
        inStopOrder.addAll(List.of(daprds));
        inStopOrder.addAll(List.of(placement, redis, pubsubRedis, analyticsRedis));
        inStopOrder.forEach(LocalProcess::stop);
        inStopOrder.forEach(LocalProcess::close);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
