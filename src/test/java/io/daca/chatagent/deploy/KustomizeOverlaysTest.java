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
        List<Map<String, Object>> objects = render(namespace);
        Properties micro = properties("server-config/payara-micro.properties");
        Properties app = properties("src/main/resources/META-INF/microprofile-config.properties");
        int appPort = Integer.parseInt(micro.getProperty("payara.micro.port"));

        // Every namespaced object lands in the overlay's namespace, which the overlay creates.
        assertEquals(namespace, name(only(objects, "Namespace")));
        for (Map<String, Object> object : objects) {
            if (!"Namespace".equals(object.get("kind"))) {
                assertEquals(namespace, map(object, "metadata").get("namespace"), object.get("kind") + " " + name(object));
            }
        }

        // Components point at this namespace's own Redis and keep passwords in secrets.
        List<Map<String, Object>> components = all(objects, "Component");
        Set<String> componentNames = components.stream().map(KustomizeOverlaysTest::name).collect(Collectors.toSet());
        for (Map<String, Object> component : components) {
            for (Map<String, Object> entry : list(map(component, "spec"), "metadata")) {
                if ("redisHost".equals(entry.get("name"))) {
                    assertEquals("redis-master." + namespace + ".svc.cluster.local:6379", entry.get("value"), name(component));
                }
                if (entry.get("name").toString().toLowerCase().contains("password")) {
                    assertFalse(entry.containsKey("value"), "plain-text password in " + name(component));
                    assertNotNull(entry.get("secretKeyRef"), name(component));
                }
            }
        }
        assertTrue(componentNames.contains(app.getProperty("events.pubsub-name")), "the app's pubsub exists");
        assertTrue(componentNames.contains(app.getProperty("analytics.store-name")), "the analytics store exists");
        // Exactly one actor state store, and it is not the one analytics writes its ETag races to.
        List<String> actorStores = components.stream()
                .filter(c -> list(map(c, "spec"), "metadata").stream()
                        .anyMatch(e -> "actorStateStore".equals(e.get("name")) && "true".equals(e.get("value"))))
                .map(KustomizeOverlaysTest::name).toList();
        assertEquals(1, actorStores.size(), actorStores.toString());
        assertFalse(actorStores.contains(app.getProperty("analytics.store-name")));
        // Subscriptions (if any are declared) name existing components; the app serves its own.
        for (Map<String, Object> subscription : all(objects, "Subscription")) {
            assertTrue(componentNames.contains(map(subscription, "spec").get("pubsubname")), name(subscription));
        }

        // The Dapr Configuration holds only real fields and is the one the Deployment names.
        Map<String, Object> configuration = only(objects, "Configuration");
        assertTrue(CONFIGURATION_FIELDS.containsAll(map(configuration, "spec").keySet()), map(configuration, "spec").toString());
        only(objects, "Resiliency");
        // Service invocation of the app is denied by default; what is allowed is the app itself,
        // in its own namespace, reading analytics.
        Map<String, Object> accessControl = map(map(configuration, "spec"), "accessControl");
        assertEquals("deny", accessControl.get("defaultAction"));
        for (Map<String, Object> policy : list(accessControl, "policies")) {
            assertEquals(app.getProperty("dapr.app-id"), policy.get("appId"));
            assertEquals(namespace, policy.get("namespace"));
            assertEquals("deny", policy.get("defaultAction"));
            for (Map<String, Object> operation : list(policy, "operations")) {
                assertTrue(operation.get("name").toString().startsWith("/analytics/"), operation.toString());
                assertEquals(List.of("GET"), operation.get("httpVerb"));
            }
        }

        // Deployment: Dapr annotations, ports and probes agree with server-config/ and the Service.
        Map<String, Object> deployment = only(objects, "Deployment");
        Map<String, Object> template = map(map(deployment, "spec"), "template");
        Map<String, Object> annotations = map(map(template, "metadata"), "annotations");
        assertEquals("true", annotations.get("dapr.io/enabled"));
        assertEquals(app.getProperty("dapr.app-id"), annotations.get("dapr.io/app-id"));
        assertEquals(Integer.toString(appPort), annotations.get("dapr.io/app-port"));
        assertEquals(name(configuration), annotations.get("dapr.io/config"));
        assertEquals("/healthz", annotations.get("dapr.io/app-health-check-path"));
        for (Map<String, Object> component : components) {
            assertEquals(List.of(app.getProperty("dapr.app-id")), component.get("scopes"), name(component));
        }

        Map<String, Object> container = list(map(template, "spec"), "containers").get(0);
        Map<String, Object> port = list(container, "ports").get(0);
        assertEquals(appPort, port.get("containerPort"));
        assertEquals("/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"));
        assertEquals("/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));
        assertEquals(port.get("name"), map(map(container, "readinessProbe"), "httpGet").get("port"));
        assertNotNull(map(container, "resources").get("requests"));
        assertNotNull(map(container, "resources").get("limits"));

        Map<String, Object> service = all(objects, "Service").stream()
                .filter(s -> name(s).equals("chat-agent")).findFirst().orElseThrow();
        Map<String, Object> servicePort = list(map(service, "spec"), "ports").get(0);
        assertEquals(8000, servicePort.get("port"), "the reference port-forwards svc/chat-agent 8000:8000");
        assertEquals(port.get("name"), servicePort.get("targetPort"));
        assertTrue(all(objects, "Service").stream().anyMatch(s -> name(s).equals("redis-master")));

        // NAMESPACE from the downward API; partition count from the partition ConfigMap.
        Map<String, Map<String, Object>> env = list(container, "env").stream()
                .collect(Collectors.toMap(e -> e.get("name").toString(), e -> e));
        assertEquals("metadata.namespace", map(map(env.get("NAMESPACE"), "valueFrom"), "fieldRef").get("fieldPath"));
        Map<String, Object> partitionRef = map(map(env.get("PARTITIONS_COUNT"), "valueFrom"), "configMapKeyRef");
        Map<String, Object> partitionConfig = all(objects, "ConfigMap").stream()
                .filter(c -> name(c).equals(partitionRef.get("name"))).findFirst().orElseThrow();
        assertEquals(Integer.toString(partitions), map(partitionConfig, "data").get(partitionRef.get("key")));
        assertEquals(Integer.toString(replicas), map(partitionConfig, "data").get("REPLICAS"));
        assertEquals(replicas, map(deployment, "spec").get("replicas"));

        // No secret values anywhere: tokens and passwords come from a Secret created out of band.
        assertTrue(all(objects, "Secret").isEmpty(), "secrets are not rendered from the repository");
        for (Map<String, Object> variable : env.values()) {
            String name = variable.get("name").toString();
            if (name.matches(".*(TOKEN|PASSWORD|SECRET).*")) {
                assertFalse(variable.containsKey("value"), name + " is set in plain text");
            }
        }

        // The tokens the app checks and sends are the ones daprd reads (key "token" of the annotated Secrets).
        Map<String, Object> appToken = map(map(env.get("APP_API_TOKEN"), "valueFrom"), "secretKeyRef");
        assertEquals(annotations.get("dapr.io/app-token-secret"), appToken.get("name"));
        assertEquals("token", appToken.get("key"));
        Map<String, Object> apiToken = map(map(env.get("DAPR_API_TOKEN"), "valueFrom"), "secretKeyRef");
        assertEquals(annotations.get("dapr.io/api-token-secret"), apiToken.get("name"));
        assertEquals("token", apiToken.get("key"));

        // The JVM runs with server-config/jvm.options, which the image's entrypoint reads like
        // scripts/run.sh: nothing in the Deployment replaces them, and the memory limit holds the
        // heap, metaspace and code cache at their caps plus the JVM's other native memory.
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS")) {
            assertFalse(env.containsKey(variable), variable + " would change the JVM options of server-config/jvm.options");
        }
        List<String> jvm = jvmOptions();
        long heap = jvmSize(jvm, "-Xmx");
        long capped = heap + jvmSize(jvm, "-XX:MaxMetaspaceSize=") + jvmSize(jvm, "-XX:ReservedCodeCacheSize=");
        long limit = memory(map(map(container, "resources"), "limits").get("memory"));
        assertTrue(limit >= capped + JVM_NATIVE_HEADROOM,
                "memory limit " + limit + " below heap + metaspace + code cache + headroom = " + (capped + JVM_NATIVE_HEADROOM));
        long request = memory(map(map(container, "resources"), "requests").get("memory"));
        assertTrue(request >= heap && request <= limit, "memory request " + request);

        // The image is set through Kustomize's images: (one line changes the tag).
        assertTrue(container.get("image").toString().startsWith("ghcr.io/daca/chat-agent:"), container.get("image").toString());

        // prod keeps Redis data across restarts; dev throws it away.
        Map<String, Object> redisSpec = map(only(objects, "StatefulSet"), "spec");
        assertEquals(namespace.equals("prod"), redisSpec.containsKey("volumeClaimTemplates"));
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

    private static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", "kustomize/overlays/" + overlay)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, process.exitValue(), output);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) document;
                objects.add(object);
            }
        }
        return objects;
    }

    private static Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of(file))));
        return properties;
    }

    private static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = all(objects, kind);
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertNotNull(value, key + " missing in " + object);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertNotNull(value, key + " missing in " + object);
        return (List<Map<String, Object>>) value;
    }
}
