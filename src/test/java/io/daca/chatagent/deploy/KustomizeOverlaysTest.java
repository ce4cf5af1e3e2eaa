package io.daca.chatagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.daca.chatagent.it.stack.ArgsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks what {@code kubectl kustomize kustomize/overlays/<env>} renders: the deployment must agree
 * with itself, with server-config/ and with the app's configuration.
 */
class KustomizeOverlaysTest {

    /** Fields a Dapr Configuration spec really has (anything else, like partitionCount, is ignored by Dapr). */
    private static final Set<String> CONFIGURATION_FIELDS = Set.of("metric", "metrics", "tracing", "logging",
            "features", "accessControl", "api", "appHttpPipeline", "httpPipeline", "nameResolution", "secrets",
            "components", "mtls", "workflow", "wasm");

    /**
     * The JVM's memory beyond heap, metaspace and code cache (thread stacks, symbols, the JDK's class
     * data archive, malloc arenas): 100-130 MiB measured under scripts/benchmark.sh (docs/performance.md).
     */
    private static final long JVM_NATIVE_HEADROOM = 128L << 20;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"prod, 10, 3", "dev, 4, 1"})
    void renderedOverlayIsConsistent(String namespace, int partitions, int replicas) throws Exception {
        List<Map<String, Object>> objects = Rendered.render(namespace);
        Properties micro = Rendered.properties("server-config/payara-micro.properties");
        Properties app = Rendered.properties("src/main/resources/META-INF/microprofile-config.properties");
        int appPort = Integer.parseInt(micro.getProperty("payara.micro.port"));

        // Every namespaced object lands in the overlay's namespace, which the overlay creates.
        assertEquals(namespace, Rendered.name(Rendered.only(objects, "Namespace")));
        for (Map<String, Object> object : objects) {
            if (!"Namespace".equals(object.get("kind"))) {
                assertEquals(namespace, Rendered.map(object, "metadata").get("namespace"), object.get("kind") + " " + Rendered.name(object));
            }
        }

        // Components point at this namespace's own Redis and keep passwords in secrets.
        List<Map<String, Object>> components = Rendered.all(objects, "Component");
        Set<String> componentNames = components.stream().map(Rendered::name).collect(Collectors.toSet());
        for (Map<String, Object> component : components) {
            for (Map<String, Object> entry : Rendered.list(Rendered.map(component, "spec"), "metadata")) {
                if ("redisHost".equals(entry.get("name"))) {
                    assertEquals("redis-master." + namespace + ".svc.cluster.local:6379", entry.get("value"), Rendered.name(component));
                }
                if (entry.get("name").toString().toLowerCase().matches(".*(password|key|token|secret).*")) {
                    assertFalse(entry.containsKey("value"), "plain-text " + entry.get("name") + " in " + Rendered.name(component));
                    assertNotNull(entry.get("secretKeyRef"), Rendered.name(component));
                }
            }
        }
        assertTrue(componentNames.contains(app.getProperty("events.pubsub-name")), "the app's pubsub exists");
        assertTrue(componentNames.contains(app.getProperty("analytics.store-name")), "the analytics store exists");
        // Exactly one actor state store, and it is not the one analytics writes its ETag races to.
        List<String> actorStores = components.stream()
                .filter(c -> Rendered.list(Rendered.map(c, "spec"), "metadata").stream()
                        .anyMatch(e -> "actorStateStore".equals(e.get("name")) && "true".equals(e.get("value"))))
                .map(Rendered::name).toList();
        assertEquals(1, actorStores.size(), actorStores.toString());
        assertFalse(actorStores.contains(app.getProperty("analytics.store-name")));
        // Subscriptions (if any are declared) name existing components; the app serves its own.
        for (Map<String, Object> subscription : Rendered.all(objects, "Subscription")) {
            assertTrue(componentNames.contains(Rendered.map(subscription, "spec").get("pubsubname")), Rendered.name(subscription));
        }

        // The Dapr Configuration holds only real fields and is the one the Deployment names.
        Map<String, Object> configuration = Rendered.only(objects, "Configuration");
        assertTrue(CONFIGURATION_FIELDS.containsAll(Rendered.map(configuration, "spec").keySet()), Rendered.map(configuration, "spec").toString());
        Rendered.only(objects, "Resiliency");
        // Service invocation of the app is denied by default; what is allowed is the app itself,
        // in its own namespace, reading analytics.
        Map<String, Object> accessControl = Rendered.map(Rendered.map(configuration, "spec"), "accessControl");
        assertEquals("deny", accessControl.get("defaultAction"));
        for (Map<String, Object> policy : Rendered.list(accessControl, "policies")) {
            assertEquals(app.getProperty("dapr.app-id"), policy.get("appId"));
            assertEquals(namespace, policy.get("namespace"));
            assertEquals("deny", policy.get("defaultAction"));
            for (Map<String, Object> operation : Rendered.list(policy, "operations")) {
                assertTrue(operation.get("name").toString().startsWith("/analytics/"), operation.toString());
                assertEquals(List.of("GET"), operation.get("httpVerb"));
            }
        }

        // Deployment: Dapr annotations, ports and probes agree with server-config/ and the Service.
        Map<String, Object> deployment = Rendered.only(objects, "Deployment");
        Map<String, Object> template = Rendered.map(Rendered.map(deployment, "spec"), "template");
        Map<String, Object> annotations = Rendered.map(Rendered.map(template, "metadata"), "annotations");
        assertEquals("true", annotations.get("dapr.io/enabled"));
        assertEquals(app.getProperty("dapr.app-id"), annotations.get("dapr.io/app-id"));
        assertEquals(Integer.toString(appPort), annotations.get("dapr.io/app-port"));
        assertEquals(Rendered.name(configuration), annotations.get("dapr.io/config"));
        assertEquals("/healthz", annotations.get("dapr.io/app-health-check-path"));
        // The app health check as the local daprd runs it (server-config/daprd.args): after the
        // first success the threshold is never reached, so daprd never stops the subscriptions.
        for (String flag : List.of("app-health-check-path", "app-health-probe-interval", "app-health-probe-timeout",
                "app-health-threshold")) {
            assertEquals(daprdFlag("--" + flag), annotations.get("dapr.io/" + flag), flag);
        }
        assertTrue(Long.parseLong(daprdFlag("--app-health-threshold")) >= 1_000_000_000L);
        for (Map<String, Object> component : components) {
            assertEquals(List.of(app.getProperty("dapr.app-id")), component.get("scopes"), Rendered.name(component));
        }

        Map<String, Object> container = Rendered.list(Rendered.map(template, "spec"), "containers").get(0);
        Map<String, Object> port = Rendered.list(container, "ports").get(0);
        assertEquals(appPort, port.get("containerPort"));
        assertEquals("/health/ready", Rendered.map(Rendered.map(container, "readinessProbe"), "httpGet").get("path"));
        assertEquals("/health/live", Rendered.map(Rendered.map(container, "livenessProbe"), "httpGet").get("path"));
        assertEquals(port.get("name"), Rendered.map(Rendered.map(container, "readinessProbe"), "httpGet").get("port"));
        assertNotNull(Rendered.map(container, "resources").get("requests"));
        assertNotNull(Rendered.map(container, "resources").get("limits"));

        Map<String, Object> service = Rendered.all(objects, "Service").stream()
                .filter(s -> Rendered.name(s).equals("chat-agent")).findFirst().orElseThrow();
        Map<String, Object> servicePort = Rendered.list(Rendered.map(service, "spec"), "ports").get(0);
        assertEquals(8000, servicePort.get("port"), "the reference port-forwards svc/chat-agent 8000:8000");
        assertEquals(port.get("name"), servicePort.get("targetPort"));
        assertTrue(Rendered.all(objects, "Service").stream().anyMatch(s -> Rendered.name(s).equals("redis-master")));

        // NAMESPACE from the downward API; partition count from the partition ConfigMap.
        Map<String, Map<String, Object>> env = Rendered.list(container, "env").stream()
                .collect(Collectors.toMap(e -> e.get("name").toString(), e -> e));
        assertEquals("metadata.namespace", Rendered.map(Rendered.map(env.get("NAMESPACE"), "valueFrom"), "fieldRef").get("fieldPath"));
        Map<String, Object> partitionRef = Rendered.map(Rendered.map(env.get("PARTITIONS_COUNT"), "valueFrom"), "configMapKeyRef");
        Map<String, Object> partitionConfig = Rendered.all(objects, "ConfigMap").stream()
                .filter(c -> Rendered.name(c).equals(partitionRef.get("name"))).findFirst().orElseThrow();
        assertEquals(Integer.toString(partitions), Rendered.map(partitionConfig, "data").get(partitionRef.get("key")));
        assertEquals(Integer.toString(replicas), Rendered.map(partitionConfig, "data").get("REPLICAS"));
        assertEquals(replicas, Rendered.map(deployment, "spec").get("replicas"));

        // No secret values anywhere: tokens and passwords come from a Secret created out of band.
        assertTrue(Rendered.all(objects, "Secret").isEmpty(), "secrets are not rendered from the repository");
        for (Map<String, Object> variable : env.values()) {
            String name = variable.get("name").toString();
            if (name.matches(".*(TOKEN|PASSWORD|SECRET).*")) {
                assertFalse(variable.containsKey("value"), name + " is set in plain text");
            }
        }

        // The tokens the app checks and sends are the ones daprd reads (key "token" of the annotated Secrets).
        Map<String, Object> appToken = Rendered.map(Rendered.map(env.get("APP_API_TOKEN"), "valueFrom"), "secretKeyRef");
        assertEquals(annotations.get("dapr.io/app-token-secret"), appToken.get("name"));
        assertEquals("token", appToken.get("key"));
        Map<String, Object> apiToken = Rendered.map(Rendered.map(env.get("DAPR_API_TOKEN"), "valueFrom"), "secretKeyRef");
        assertEquals(annotations.get("dapr.io/api-token-secret"), apiToken.get("name"));
        assertEquals("token", apiToken.get("key"));

        // The language model: the app answers with the one conversation component, whose key is
        // in a Secret and whose model and endpoint are this overlay's settings.
        Map<String, Object> llmSettings = Rendered.all(objects, "ConfigMap").stream()
                .filter(c -> Rendered.name(c).equals(Rendered.map(Rendered.map(env.get("CHAT_RESPONDER"), "valueFrom"), "configMapKeyRef").get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> llmData = Rendered.map(llmSettings, "data");
        assertEquals("conversation", llmData.get(Rendered.map(Rendered.map(env.get("CHAT_RESPONDER"), "valueFrom"), "configMapKeyRef").get("key")));
        List<Map<String, Object>> models = components.stream()
                .filter(c -> Rendered.map(c, "spec").get("type").toString().startsWith("conversation.")).toList();
        assertEquals(1, models.size(), "one conversation component");
        Map<String, Object> model = models.get(0);
        assertEquals(Rendered.name(model), env.get("CHAT_CONVERSATION_COMPONENT").get("value"));
        assertEquals("conversation.openai", Rendered.map(model, "spec").get("type"));
        Map<String, Map<String, Object>> modelMetadata = Rendered.list(Rendered.map(model, "spec"), "metadata").stream()
                .collect(Collectors.toMap(e -> e.get("name").toString(), e -> e));
        assertEquals(Map.of("name", "chat-agent-llm", "key", "api-key"), modelMetadata.get("key").get("secretKeyRef"));
        assertEquals("kubernetes", Rendered.map(model, "auth").get("secretStore"));
        assertEquals(llmData.get("MODEL"), modelMetadata.get("model").get("value"));
        assertEquals(llmData.get("ENDPOINT"), modelMetadata.get("endpoint").get("value"));
        assertEquals(namespace.equals("prod") ? "gpt-4o-mini" : "gpt-4.1-nano", llmData.get("MODEL"), "set by the overlay");
        assertTrue(llmData.get("ENDPOINT").toString().startsWith("https://"), llmData.toString());
        // The JVM runs with server-config/jvm.options, which the image's entrypoint reads like
        // scripts/run.sh: nothing in the Deployment replaces them, and the memory limit holds the
        // heap, metaspace and code cache at their caps plus the JVM's other native memory.
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS")) {
            assertFalse(env.containsKey(variable), variable + " would change the JVM options of server-config/jvm.options");
        }
        List<String> jvm = jvmOptions();
        long heap = jvmSize(jvm, "-Xmx");
        long capped = heap + jvmSize(jvm, "-XX:MaxMetaspaceSize=") + jvmSize(jvm, "-XX:ReservedCodeCacheSize=");
        long limit = memory(Rendered.map(Rendered.map(container, "resources"), "limits").get("memory"));
        assertTrue(limit >= capped + JVM_NATIVE_HEADROOM,
                "memory limit " + limit + " below heap + metaspace + code cache + headroom = " + (capped + JVM_NATIVE_HEADROOM));
        long request = memory(Rendered.map(Rendered.map(container, "resources"), "requests").get("memory"));
        assertTrue(request >= heap && request <= limit, "memory request " + request);

        // The image is set through Kustomize's images: (one line changes the tag).
        assertTrue(container.get("image").toString().startsWith("ghcr.io/daca/chat-agent:"), container.get("image").toString());

        // prod keeps Redis data across restarts; dev throws it away.
        Map<String, Object> redisSpec = Rendered.map(Rendered.only(objects, "StatefulSet"), "spec");
        assertEquals(namespace.equals("prod"), redisSpec.containsKey("volumeClaimTemplates"));
    }

    /** What operators look at: Prometheus scrapes the app's /metrics, logs are JSON, traces go to a collector. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"prod, 0.1", "dev, 1"})
    void metricsLogsAndTracesAreSetUp(String namespace, String samplingRate) throws Exception {
        List<Map<String, Object>> objects = Rendered.render(namespace);
        int appPort = Integer.parseInt(Rendered.properties("server-config/payara-micro.properties").getProperty("payara.micro.port"));
        Map<String, Object> template = Rendered.map(Rendered.map(Rendered.only(objects, "Deployment"), "spec"), "template");
        Map<String, Object> annotations = Rendered.map(Rendered.map(template, "metadata"), "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(Integer.toString(appPort), annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));

        Map<String, Object> container = Rendered.list(Rendered.map(template, "spec"), "containers").get(0);
        assertTrue(Rendered.list(container, "env").stream().anyMatch(e -> "LOG_FORMAT".equals(e.get("name"))
                && "json".equals(e.get("value"))), "JSON log lines on Kubernetes");

        Map<String, Object> tracing = Rendered.map(Rendered.map(Rendered.only(objects, "Configuration"), "spec"), "tracing");
        assertEquals(samplingRate, tracing.get("samplingRate"));
        Map<String, Object> otel = Rendered.map(tracing, "otel");
        assertTrue(otel.get("endpointAddress").toString().matches("[a-z0-9.-]+:\\d+"), otel.toString());
        assertTrue(Set.of("grpc", "http").contains(otel.get("protocol")), otel.toString());
        assertNotNull(otel.get("isSecure"));
    }

    /** The image and scripts/run.sh start the JVM with the same options file. */
    @Test
    void everyLauncherReadsTheJvmOptions() throws IOException {
        assertTrue(Files.readString(Path.of("scripts/container-entrypoint.sh")).contains("server-config/jvm.options"));
        assertTrue(Files.readString(Path.of("scripts/run.sh")).contains("server-config/jvm.options"));
        assertTrue(Files.readString(Path.of("Containerfile")).contains("COPY server-config/ server-config/"));
        List<String> jvm = jvmOptions();
        assertEquals(jvmSize(jvm, "-Xms"), jvmSize(jvm, "-Xmx"), "a fixed heap: -Xms = -Xmx");
    }

    /** Both map a class-data archive: the image makes it at build time, run.sh when a run stops. */
    @Test
    void everyLauncherMapsAClassDataArchive() throws IOException {
        assertTrue(Files.readString(Path.of("Containerfile")).contains("RUN sh entrypoint.sh --cds-training"));
        String entrypoint = Files.readString(Path.of("scripts/container-entrypoint.sh"));
        assertTrue(entrypoint.contains("-XX:ArchiveClassesAtExit=") && entrypoint.contains("-XX:SharedArchiveFile="));
        String run = Files.readString(Path.of("scripts/run.sh"));
        assertTrue(run.contains("-XX:ArchiveClassesAtExit=") && run.contains("-XX:SharedArchiveFile="));
    }

    /** The value of a flag in server-config/daprd.args, as the harness and scripts/run.sh read it. */
    private static String daprdFlag(String flag) {
        return new ArgsFile(Path.of("server-config/daprd.args")).value(flag)
                .orElseThrow(() -> new AssertionError("server-config/daprd.args has no " + flag));
    }

    /** The options of server-config/jvm.options, one a line, without comments and blank lines. */
    private static List<String> jvmOptions() throws IOException {
        return Files.readAllLines(Path.of("server-config/jvm.options")).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** The size given by the (last) option starting with {@code prefix}, e.g. -Xmx256m, in bytes. */
    private static long jvmSize(List<String> options, String prefix) {
        String value = options.stream().filter(option -> option.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("server-config/jvm.options sets no " + prefix))
                .substring(prefix.length()).toLowerCase();
        int shift = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1)) << shift;
    }

    /** A Kubernetes memory quantity (512Mi, 1Gi, 640M, bytes) in bytes. */
    private static long memory(Object quantity) {
        String value = String.valueOf(quantity);
        for (String[] unit : new String[][] {{"Ki", "10"}, {"Mi", "20"}, {"Gi", "30"}}) {
            if (value.endsWith(unit[0])) {
                return Long.parseLong(value.substring(0, value.length() - 2)) << Integer.parseInt(unit[1]);
            }
        }
        for (String[] unit : new String[][] {{"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}}) {
            if (value.endsWith(unit[0])) {
                return Long.parseLong(value.substring(0, value.length() - 1)) * Long.parseLong(unit[1]);
            }
        }
        return Long.parseLong(value);
    }
}
