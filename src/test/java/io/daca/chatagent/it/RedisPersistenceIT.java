package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the Redis components, a conversation outlives both the app and its sidecar. */
@ExtendWith(ArquillianExtension.class)
class RedisPersistenceIT {

    private static final String APP = "chat-agent";

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().name("redis-persistence").start();

    @ArquillianResource
    private Deployer deployer;

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    /** Deployed by the test itself, so it can stop and start the app (a new JVM each time). */
    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }

    @Test
    void historySurvivesRestartsOfTheAppAndOfDaprd() {
        deployer.deploy(APP);
        try {
            STACK.awaitReady(Duration.ofSeconds(120));
            assertEquals(200, service.chat("user1", "Hi there").statusCode());
            assertEquals(200, service.chat("user1", "Still there?").statusCode());
            List<String> expected = List.of("user:Hi there", "assistant:Got your message: Hi there",
                    "user:Still there?", "assistant:Got your message: Still there?");
            assertEquals(expected, ServiceClient.entries(service.history("user1")));

            // Dapr keys actor state as appId||ActorType||actorId||key, not the bare history-user1.
            String stored = STACK.redisCli("HGET", "chat-agent||ChatAgent||user1||history-user1", "data");
            assertTrue(stored.contains("Got your message: Still there?"), "Redis holds: " + stored);

            deployer.undeploy(APP);
            STACK.restartSidecar();
            deployer.deploy(APP);
            STACK.awaitReady(Duration.ofSeconds(120));

            assertEquals(expected, ServiceClient.entries(service.history("user1")));
            assertEquals(200, service.chat("user1", "Back again").statusCode());
            assertEquals(List.of("assistant:Got your message: Hi there",
                            "user:Still there?", "assistant:Got your message: Still there?",
                            "user:Back again", "assistant:Got your message: Back again"),
                    ServiceClient.entries(service.history("user1")),
                    "the restored history continues, trimmed to the newest 5");
        } finally {
            deployer.undeploy(APP);
        }
    }
}
