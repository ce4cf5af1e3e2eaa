package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A prod and a dev stack side by side on one machine, each with its own Redis, as in seed 001. */
@ExtendWith(ArquillianExtension.class)
class NamespacesIT {

    @RegisterExtension
    static final LocalDaprStack PROD = LocalDaprStack.redis().name("ns-prod").setting("namespace", "prod").start();

    @RegisterExtension
    static final LocalDaprStack DEV = LocalDaprStack.redis().name("ns-dev").setting("namespace", "dev")
            .setting("partitions.count", "4").start();

    @ArquillianResource
    private Deployer deployer;

    private final ServiceClient prod = new ServiceClient(PROD.appUrl());
    private final ServiceClient dev = new ServiceClient(DEV.appUrl());

    @Deployment(name = "prod", managed = false, testable = false)
    @TargetsContainer("host-a")
    static WebArchive prodApp() {
        return Deployments.builtWar();
    }

    @Deployment(name = "dev", managed = false, testable = false)
    @TargetsContainer("host-b")
    static WebArchive devApp() {
        return Deployments.builtWar();
    }

    @Test
    void theSameUserInProdAndDevKeepsSeparateHistoriesStateAnalyticsAndEvents() throws Exception {
        PROD.useInstance(0);
        deployer.deploy("prod");
        try {
            DEV.useInstance(0);
            deployer.deploy("dev");
            PROD.awaitReady(Duration.ofSeconds(120));
            DEV.awaitReady(Duration.ofSeconds(120));

            // Seed 001 §6, exactly.
            assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there (prod)\"}}",
                    prod.ok(prod.chat("user1", "Hi there (prod)")));
            assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hi there (prod)\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Got your message: Hi there (prod)\"}]}",
                    prod.ok(prod.get("/chat/user1/history")));
            assertEquals("{\"response\":{\"role\":\"assistant\",\"content\":\"Got your message: Hi there (dev)\"}}",
                    dev.ok(dev.chat("user1", "Hi there (dev)")));
            assertEquals("{\"history\":[{\"role\":\"user\",\"content\":\"Hi there (dev)\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Got your message: Hi there (dev)\"}]}",
                    dev.ok(dev.get("/chat/user1/history")));

            // Separate state: each namespace's Redis holds only its own conversation.
            String key = "chat-agent||ChatAgent||user1||history-user1";
            String prodState = PROD.redisCli("HGET", key, "data");
            String devState = DEV.redisCli("HGET", key, "data");
            assertTrue(prodState.contains("(prod)") && !prodState.contains("(dev)"), prodState);
            assertTrue(devState.contains("(dev)") && !devState.contains("(prod)"), devState);

            // Separate analytics, each counting exactly its own event, under namespace-qualified keys.
            LocalDaprStack.await("both namespaces to count their event", Duration.ofSeconds(60),
                    () -> prod.messageCount("user1") == 1 && dev.messageCount("user1") == 1);
            assertTrue(PROD.redisCli("KEYS", "*analytics-prod-user-user1*").contains("analytics-prod-user-user1"));
            assertFalse(PROD.redisCli("KEYS", "*dev*").contains("dev"), "nothing of dev in prod's Redis");
            assertFalse(DEV.redisCli("KEYS", "*prod*").contains("prod"), "nothing of prod in dev's Redis");

            JsonNode prodOverview = ServiceClient.json(prod.get("/analytics"));
            JsonNode devOverview = ServiceClient.json(dev.get("/analytics"));
            assertEquals("prod", prodOverview.get("namespace").asText());
            assertEquals("dev", devOverview.get("namespace").asText());
            assertEquals(10, prodOverview.get("partition_count").asInt());
            assertEquals(4, devOverview.get("partition_count").asInt());
            Thread.sleep(3000); // an event leaking across would be delivered by now
            assertEquals(1, prodOverview.get("deliveries").get("/subscribe").asLong(), "prod received only its own event");
            assertEquals(1, ServiceClient.json(dev.get("/analytics")).get("deliveries").get("/subscribe").asLong(),
                    "dev received only its own event");
            assertEquals(1, prod.messageCount("user1"));
            assertEquals(1, dev.messageCount("user1"));

            // And if a prod event were ever delivered to dev, dev refuses it instead of counting it.
            HttpResponse<String> crossed = dev.post("/subscribe", "{\"id\":\"x\",\"type\":\"ConversationUpdated\",\"data\":"
                    + "{\"actor_id\":\"user1\",\"seq\":2,\"namespace\":\"prod\"}}", "application/cloudevents+json");
            assertEquals("DROP", ServiceClient.json(crossed).get("status").asText());
            assertEquals(1, dev.messageCount("user1"));
        } finally {
            deployer.undeploy("prod");
            deployer.undeploy("dev");
        }
    }
}
