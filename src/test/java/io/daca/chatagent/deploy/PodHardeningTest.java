package io.daca.chatagent.deploy;

import static io.daca.chatagent.deploy.Rendered.all;
import static io.daca.chatagent.deploy.Rendered.list;
import static io.daca.chatagent.deploy.Rendered.map;
import static io.daca.chatagent.deploy.Rendered.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered pods run with least privilege, shut down within their drain, and keep Redis to themselves. */
class PodHardeningTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "dev"})
    void everyContainerRunsWithLeastPrivilege(String overlay) throws Exception {
        List<Map<String, Object>> objects = Rendered.render(overlay);
        for (Map<String, Object> workload : List.of(only(objects, "Deployment"), only(objects, "StatefulSet"))) {
            Map<String, Object> pod = map(map(map(workload, "spec"), "template"), "spec");
            String what = overlay + " " + Rendered.name(workload);
            assertEquals(false, pod.get("automountServiceAccountToken"), what);
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertEquals(true, podSecurity.get("runAsNonRoot"), what);
            assertEquals("RuntimeDefault", map(podSecurity, "seccompProfile").get("type"), what);
            for (Map<String, Object> container : list(pod, "containers")) {
                Map<String, Object> security = map(container, "securityContext");
                assertEquals(false, security.get("allowPrivilegeEscalation"), what);
                assertEquals(true, security.get("readOnlyRootFilesystem"), what);
                assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"), what);
                assertNotNull(container.get("readinessProbe"), what);
                assertNotNull(container.get("livenessProbe"), what);
                // Everything the container writes goes to a volume.
                assertFalse(list(container, "volumeMounts").isEmpty(), what);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "dev"})
    void theAppShutsDownWithinItsDrainAndStartsWithTime(String overlay) throws Exception {
        List<Map<String, Object>> objects = Rendered.render(overlay);
        Properties app = Rendered.properties("src/main/resources/META-INF/microprofile-config.properties");
        long drain = Duration.parse(app.getProperty("actors.drain-ongoing-call-timeout")).toSeconds();
        Map<String, Object> template = map(map(only(objects, "Deployment"), "spec"), "template");
        Map<String, Object> annotations = map(map(template, "metadata"), "annotations");
        long daprGrace = Long.parseLong(annotations.get("dapr.io/graceful-shutdown-seconds").toString());
        long podGrace = ((Number) map(template, "spec").get("terminationGracePeriodSeconds")).longValue();
        assertTrue(daprGrace >= drain, "daprd waits at least the actor drain: " + daprGrace + " < " + drain);
        assertTrue(podGrace > daprGrace, "the pod outlives daprd's graceful shutdown: " + podGrace);

        Map<String, Object> container = list(map(template, "spec"), "containers").get(0);
        Map<String, Object> startup = map(container, "startupProbe");
        assertEquals("/health/live", map(startup, "httpGet").get("path"));
        for (String key : List.of("dapr.io/sidecar-cpu-request", "dapr.io/sidecar-cpu-limit",
                "dapr.io/sidecar-memory-request", "dapr.io/sidecar-memory-limit")) {
            assertNotNull(annotations.get(key), key);
        }
        assertTrue(annotations.get("dapr.io/env").toString().contains("GOMEMLIMIT="), annotations.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "dev"})
    void redisIsPinnedProbedAndReachableOnlyFromTheAppOfItsNamespace(String overlay) throws Exception {
        List<Map<String, Object>> objects = Rendered.render(overlay);
        Map<String, Object> redis = list(map(map(map(only(objects, "StatefulSet"), "spec"), "template"), "spec"),
                "containers").get(0);
        String image = redis.get("image").toString();
        assertTrue(image.matches("redis:\\d+\\.\\d+\\.\\d+.*"), "a pinned Redis version: " + image);
        String commandLine = String.valueOf(redis.get("command")) + redis.get("args");
        assertFalse(commandLine.contains("--requirepass"), "no password on a command line: " + commandLine);
        assertTrue(commandLine.contains("$REDIS_PASSWORD"), "the password comes from the environment: " + commandLine);

        Map<String, Object> policy = only(objects, "NetworkPolicy");
        Map<String, Object> spec = map(policy, "spec");
        assertEquals("redis", map(map(spec, "podSelector"), "matchLabels").get("app"));
        Map<String, Object> from = list(list(spec, "ingress").get(0), "from").get(0);
        assertEquals(Map.of("app", "chat-agent"), map(map(from, "podSelector"), "matchLabels"));
        assertFalse(from.containsKey("namespaceSelector"), "only pods of the policy's own namespace");
        assertEquals(overlay, map(policy, "metadata").get("namespace"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "dev"})
    void prodKeepsPodsServingThroughDisruptions(String overlay) throws Exception {
        List<Map<String, Object>> budgets = all(Rendered.render(overlay), "PodDisruptionBudget");
        assertEquals(overlay.equals("prod") ? 1 : 0, budgets.size());
        for (Map<String, Object> budget : budgets) {
            assertEquals(1, map(budget, "spec").get("maxUnavailable"));
            assertEquals("chat-agent", map(map(map(budget, "spec"), "selector"), "matchLabels").get("app"));
        }
    }
}
