package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daca.chatagent.partition.HashPartitioner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two app instances (each with its own daprd) sharing one placement and one Redis. */
@ExtendWith(ArquillianExtension.class)
class PartitioningIT {

    private static final int USERS = 20;
    /** How long placement may take to move a lost host's actors; README documents the same bound. */
    private static final Duration REBALANCE_WINDOW = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().instances(2).name("partitioning")
            .setting("chat.history-window", "100")
            .start();

    @ArquillianResource
    private Deployer deployer;

    private final ServiceClient hostA = new ServiceClient(STACK.appUrl(0));
    private final ServiceClient hostB = new ServiceClient(STACK.appUrl(1));

    @Deployment(name = "a", managed = false, testable = false)
    @TargetsContainer("host-a")
    static WebArchive instanceA() {
        return Deployments.builtWar();
    }

    @Deployment(name = "b", managed = false, testable = false)
    @TargetsContainer("host-b")
    static WebArchive instanceB() {
        return Deployments.builtWar();
    }

    @Test
    void actorsSpreadOverBothHostsAndMoveToTheSurvivorWithTheirHistory() throws Exception {
        STACK.useInstance(0);
        deployer.deploy("a");
        try {
            STACK.useInstance(1);
            deployer.deploy("b");
            STACK.awaitReady(0, Duration.ofSeconds(120));
            STACK.awaitReady(1, Duration.ofSeconds(120));

            HashPartitioner partitioner = new HashPartitioner(10);
            for (int u = 1; u <= USERS; u++) {
                HttpResponse<String> response = hostA.chat("user" + u, "Hi there");
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(Integer.toString(partitioner.partitionOf("user" + u)),
                        response.headers().firstValue("X-Actor-Partition").orElseThrow());
                assertEquals(STACK.hostId(0), response.headers().firstValue("X-Served-By").orElseThrow());
            }

            Map<String, String> hostOf = new HashMap<>();
            for (int u = 1; u <= USERS; u++) {
                String user = "user" + u;
                JsonNode location = ServiceClient.json(hostA.get("/chat/" + user + "/location"));
                assertEquals(partitioner.partitionOf(user), location.get("partition").asInt(), "stable partition of " + user);
                JsonNode seenFromB = ServiceClient.json(hostB.get("/chat/" + user + "/location"));
                assertEquals(location.get("host"), seenFromB.get("host"), "A and B agree where " + user + " lives");
                assertEquals(STACK.hostId(1), seenFromB.get("served_by").asText());
                hostOf.put(user, location.get("host").asText());
                assertEquals(ServiceClient.entries(hostA.history(user)), ServiceClient.entries(hostB.history(user)),
                        user + "'s history reads the same through A and B");
            }
            assertEquals(Set.of(STACK.hostId(0), STACK.hostId(1)), new HashSet<>(hostOf.values()),
                    "chatting through A alone ran actors on both hosts: " + hostOf);
            assertTrue(activeActors(STACK.daprHttpUrl(0)) > 0 && activeActors(STACK.daprHttpUrl(1)) > 0);
            // Each host lists the actors it runs by hash partition; together they are the 20 users.
            long listed = 0;
            for (ServiceClient host : List.of(hostA, hostB)) {
                JsonNode overview = ServiceClient.json(host.get("/analytics"));
                long onThisHost = 0;
                for (JsonNode count : overview.get("host_active_actors_by_partition")) {
                    onThisHost += count.asLong();
                }
                String hostId = overview.get("host").asText();
                assertEquals(hostOf.values().stream().filter(hostId::equals).count(), onThisHost, hostId + ": " + overview);
                listed += onThisHost;
            }
            assertEquals(USERS, listed);

            // Host B goes away, app and sidecar, as when its pod dies.
            deployer.undeploy("b");
            STACK.killSidecar(1);

            long started = System.nanoTime();
            LocalDaprStack.await("every user to answer through A after placement moved B's actors", REBALANCE_WINDOW,
                    () -> allAnswer(List.of("ping")));
            long rebalanceMs = (System.nanoTime() - started) / 1_000_000;
            System.out.println("PartitioningIT: B's actors answered from A after " + rebalanceMs + " ms");

            for (int u = 1; u <= USERS; u++) {
                String user = "user" + u;
                HttpResponse<String> response = hostA.chat(user, "after the move");
                assertEquals(200, response.statusCode(), "no error once placement rebalanced: " + response.body());
                List<String> history = ServiceClient.entries(hostA.history(user));
                assertEquals(List.of("user:Hi there", "assistant:Got your message: Hi there"), history.subList(0, 2),
                        user + " kept the history it had on " + hostOf.get(user));
                assertEquals("assistant:Got your message: after the move", history.get(history.size() - 1));
                assertEquals(STACK.hostId(0), ServiceClient.json(hostA.get("/chat/" + user + "/location")).get("host").asText());
            }
        } finally {
            deployer.undeploy("a");
        }
    }

    /**
     * The guard of what an actor keeps between calls. A user's actor runs on A; A's daprd is
     * killed (so A's app is never told to deactivate it and still holds its conversation), the
     * user chats on B meanwhile, and once A's daprd is back the actor returns to A. A must not
     * answer from what it held before: the message written on B stays in the history. And A's
     * connections to its restarted daprd work at once.
     */
    @Test
    void anActorThatLivedElsewhereWhileItsSidecarWasDownComesBackWithWhatItWroteThere() throws Exception {
        STACK.ensureSidecar(0);
        STACK.ensureSidecar(1);
        STACK.useInstance(0);
        deployer.deploy("a");
        STACK.useInstance(1);
        deployer.deploy("b");
        try {
            STACK.awaitReady(0, Duration.ofSeconds(120));
            STACK.awaitReady(1, Duration.ofSeconds(120));
            String user = null;
            for (int u = 1; user == null && u <= 200; u++) {
                String candidate = "roamer" + u;
                if (STACK.hostId(0).equals(hostOf(hostA, candidate))) {
                    user = candidate;
                }
            }
            assertNotNull(user, "none of 200 users is hosted on A");
            assertEquals(200, hostA.chat(user, "on A").statusCode());

            STACK.killSidecar(0);
            String roamer = user;
            LocalDaprStack.await(roamer + " to move to B", REBALANCE_WINDOW,
                    () -> STACK.hostId(1).equals(hostOf(hostB, roamer)));
            HttpResponse<String> onB = hostB.chat(roamer, "on B");
            assertEquals(200, onB.statusCode(), onB.body());

            STACK.startSidecarAgain(0);
            STACK.awaitReady(0, Duration.ofSeconds(120));
            LocalDaprStack.await(roamer + " to move back to A", REBALANCE_WINDOW,
                    () -> STACK.hostId(0).equals(hostOf(hostA, roamer)));
            // The first chat after A's daprd came back is answered: A's gRPC channels to its daprd
            // reconnected when daprd read /dapr/config, not when their backoff ran out.
            HttpResponse<String> back = hostA.chat(roamer, "back on A");
            assertEquals(200, back.statusCode(), back.body());

            List<String> history = ServiceClient.entries(hostA.history(roamer));
            assertEquals(List.of("user:on A", "assistant:Got your message: on A",
                    "user:on B", "assistant:Got your message: on B",
                    "user:back on A", "assistant:Got your message: back on A"), history);
        } finally {
            deployer.undeploy("b");
            deployer.undeploy("a");
        }
    }

    /** Where the user's actor runs, as asked through {@code host}; null if it does not answer. */
    private static String hostOf(ServiceClient host, String user) {
        HttpResponse<String> response = host.get("/chat/" + user + "/location");
        return response.statusCode() == 200 ? ServiceClient.json(response).get("host").asText() : null;
    }

    /** One message to every user; true when all were answered. */
    private boolean allAnswer(List<String> texts) {
        for (int u = 1; u <= USERS; u++) {
            for (String text : texts) {
                if (hostA.chat("user" + u, text).statusCode() != 200) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long activeActors(String daprUrl) {
        JsonNode metadata = ServiceClient.json(new ServiceClient(daprUrl).get("/v1.0/metadata"));
        long count = 0;
        for (JsonNode actor : metadata.path("actorRuntime").path("activeActors")) {
            count += actor.get("count").asLong();
        }
        return count;
    }
}
