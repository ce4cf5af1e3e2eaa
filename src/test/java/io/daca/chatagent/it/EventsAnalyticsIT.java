package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daca.chatagent.partition.HashPartitioner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ConversationUpdated events through a real Redis pubsub into analytics kept in a real Redis
 * state store (the pubsub on a Redis of its own, so it can fail alone).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsAnalyticsIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().separatePubsubRedis().name("events-analytics")
            .setting("chat.history-window", "50")
            // daprd holds events back up to 250 ms to fill a batch, so the concurrent burst below
            // surely arrives in batches of several (the default 20 ms would, under load, too).
            .setting("events.bulk.max-await-ms", "250")
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());
    private final ServiceClient dapr = new ServiceClient(STACK.daprHttpUrl());

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @Test
    @Order(1)
    void tenUsersTimesTwentyConcurrentMessagesCountExactlyAndPartitionsAddUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int m = 0; m < 20; m++) {
                for (int u = 0; u < 10; u++) {
                    String user = "user" + u;
                    String text = "message " + m;
                    calls.add(CompletableFuture.supplyAsync(() -> service.chat(user, text), pool));
                }
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertEquals(200, call.get().statusCode(), call.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int u = 0; u < 10; u++) {
            awaitCount("user" + u, 20);
        }
        Thread.sleep(3000); // late duplicates would show up here
        JsonNode overview = ServiceClient.json(service.get("/analytics"));
        assertEquals(200, overview.get("total_messages").asLong(), overview.toString());
        assertEquals(10, overview.get("total_users").asLong(), overview.toString());
        assertEquals(10, overview.get("partition_count").asInt());

        HashPartitioner partitioner = new HashPartitioner(10);
        long[] expectedUsers = new long[10];
        for (int u = 0; u < 10; u++) {
            assertEquals(20, service.messageCount("user" + u), "user" + u);
            expectedUsers[partitioner.partitionOf("user" + u)]++;
        }
        long users = 0;
        long messages = 0;
        for (JsonNode partition : overview.get("partitions")) {
            int p = partition.get("partition").asInt();
            assertEquals(expectedUsers[p], partition.get("users").asLong(), "users of partition " + p);
            assertEquals(20 * expectedUsers[p], partition.get("messages").asLong(), "messages of partition " + p);
            users += partition.get("users").asLong();
            messages += partition.get("messages").asLong();
        }
        assertEquals(10, users);
        assertEquals(200, messages);
        assertEquals(10, overview.get("active_actors").get("ChatAgent").asLong(), overview.toString());
        // Our events carry type ConversationUpdated, so the routing rule sent every one to /subscribe.
        assertTrue(overview.get("deliveries").get("/subscribe").asLong() >= 200, overview.toString());
        assertTrue(overview.get("deliveries").path("/subscribe/untyped").asLong(0) == 0, overview.toString());
        // ... in bulk deliveries, some of several events: fewer requests than events.
        double batches = service.metric("event_batches_total", "route=\"/subscribe\"");
        double answered = service.metric("events_answered_total", "route=\"/subscribe\"");
        assertTrue(batches >= 1 && batches < answered, batches + " batches for " + answered + " events");

        // The chat side reads the same counts through Dapr service invocation of chat-agent.default.
        assertEquals("{\"actor_id\":\"user1\",\"partition\":" + partitioner.partitionOf("user1") + ",\"message_count\":20}",
                service.ok(service.get("/chat/user1/stats")));
        assertEquals(0, ServiceClient.json(service.get("/chat/nobody/stats")).get("message_count").asLong());
    }

    @Test
    @Order(2)
    void subscriptionIsServedWithTheRoutingRuleAndDeadLetterTopic() {
        JsonNode subscriptions = ServiceClient.json(service.get("/dapr/subscribe"));
        JsonNode events = subscriptions.get(0);
        assertEquals("daca-pubsub", events.get("pubsubname").asText());
        assertEquals("user-chat", events.get("topic").asText());
        assertEquals("event.type == \"ConversationUpdated\"", events.get("routes").get("rules").get(0).get("match").asText());
        assertEquals("/subscribe", events.get("routes").get("rules").get(0).get("path").asText());
        assertEquals("user-chat-deadletter", events.get("deadLetterTopic").asText());
        assertEquals(true, events.get("bulkSubscribe").get("enabled").asBoolean(), events.toString());
        assertEquals(100, events.get("bulkSubscribe").get("maxMessagesCount").asInt());
        assertEquals(250, events.get("bulkSubscribe").get("maxAwaitDurationMs").asInt());
        assertTrue(subscriptions.get(1).path("bulkSubscribe").isMissingNode(), "dead letters come one by one");
        // daprd loaded exactly this subscription (and the dead-letter one), from the app, not from files.
        JsonNode metadata = ServiceClient.json(dapr.get("/v1.0/metadata"));
        assertEquals(2, metadata.get("subscriptions").size(), metadata.toString());
    }

    @Test
    @Order(3)
    void theSameEventDeliveredTwiceDoesNotChangeAnyCount() {
        long before = service.messageCount("user3");
        String event = "{\"id\":\"redelivered-1\",\"type\":\"ConversationUpdated\",\"data\":{\"actor_id\":\"user3\","
                + "\"input\":{\"role\":\"user\",\"content\":\"message 0\"},\"output\":{\"role\":\"assistant\","
                + "\"content\":\"Got your message: message 0\"},\"seq\":1,\"namespace\":\"default\"}}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ack = service.post("/subscribe", event, "application/cloudevents+json");
            assertEquals(200, ack.statusCode());
            assertEquals("SUCCESS", ServiceClient.json(ack).get("status").asText(), ack.body());
        }
        assertEquals(before, service.messageCount("user3"));
        assertEquals(200, ServiceClient.json(service.get("/analytics")).get("total_messages").asLong());
    }

    @Test
    @Order(50)
    void aBulkDeliveryIsAnsweredEntryByEntryAndCountsEachNewEventOnce() {
        String event = "{\"id\":\"bulk-%s\",\"type\":\"ConversationUpdated\",\"data\":{\"actor_id\":\"%s\","
                + "\"input\":{\"role\":\"user\",\"content\":\"hi\"},\"output\":{\"role\":\"assistant\","
                + "\"content\":\"Got your message: hi\"},\"seq\":%d,\"namespace\":\"default\"}}";
        String entries = String.join(",",
                entry("e1", event.formatted("1", "bulk-user", 1)),
                entry("e2", event.formatted("2", "bulk-user", 2)),
                entry("e3", event.formatted("1", "bulk-user", 1)), // the first again, in the same batch
                entry("e4", event.formatted("3", "bulk-other", 1)),
                entry("e5", "{\"id\":\"bulk-bad\",\"data\":\"not json\"}"),
                entry("e6", event.formatted("4", "a||b", 1)));
        String envelope = "{\"id\":\"b1\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"user-chat\","
                + "\"pubsubname\":\"daca-pubsub\",\"metadata\":{},\"entries\":[" + entries + "]}";
        long total = service.overview().get("total_messages").asLong();
        for (int delivery = 0; delivery < 2; delivery++) {
            HttpResponse<String> ack = service.post("/subscribe", envelope, "application/json");
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals("{\"statuses\":[{\"entryId\":\"e1\",\"status\":\"SUCCESS\"},{\"entryId\":\"e2\",\"status\":\"SUCCESS\"},"
                    + "{\"entryId\":\"e3\",\"status\":\"SUCCESS\"},{\"entryId\":\"e4\",\"status\":\"SUCCESS\"},"
                    + "{\"entryId\":\"e5\",\"status\":\"DROP\"},{\"entryId\":\"e6\",\"status\":\"DROP\"}]}", ack.body());
        }
        assertEquals(2, service.messageCount("bulk-user"));
        assertEquals(1, service.messageCount("bulk-other"));
        JsonNode overview = service.overview();
        assertEquals(total + 3, overview.get("total_messages").asLong(), overview.toString());
    }

    private static String entry(String id, String cloudEvent) {
        return "{\"entryId\":\"" + id + "\",\"event\":" + cloudEvent + ",\"metadata\":{},"
                + "\"contentType\":\"application/cloudevents+json\"}";
    }

    @Test
    @Order(4)
    void anEventWithDataAsAJsonStringIsCountedOnceAndTakesTheDefaultRoute() {
        String data = "{\"actor_id\": \"py-user\", \"history_key\": \"history-py-user\", \"actor_type\": \"ChatAgent\", "
                + "\"event_type\": \"ConversationUpdated\", \"input\": {\"role\": \"user\", \"content\": \"Hi there\"}, "
                + "\"output\": {\"role\": \"assistant\", \"content\": \"Got your message: Hi there\"}}";
        // Exactly what the Python reference does: publish json.dumps(event) with the default CloudEvent type.
        HttpResponse<String> published = dapr.post("/v1.0/publish/daca-pubsub/user-chat",
                ServiceClient.quote(data), "application/json");
        assertEquals(204, published.statusCode(), published.body());
        awaitCount("py-user", 1);

        String cloudEvent = "{\"id\":\"py-direct-1\",\"type\":\"com.dapr.event.sent\",\"data\":" + ServiceClient.quote(data) + "}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ack = service.post("/subscribe", cloudEvent, "application/cloudevents+json");
            assertEquals("SUCCESS", ServiceClient.json(ack).get("status").asText(), ack.body());
        }
        assertEquals(2, service.messageCount("py-user"), "one published, one posted twice");
        JsonNode deliveries = ServiceClient.json(service.get("/analytics")).get("deliveries");
        assertEquals(1, deliveries.get("/subscribe/untyped").asLong(), "the untyped event took the default route");
    }

    @Test
    @Order(5)
    void malformedEventsAreDroppedOnceWithoutRetriesAndOthersFlow() throws Exception {
        HttpResponse<String> ack = service.post("/subscribe", "{\"id\":\"bad-1\",\"data\":\"not json\"}",
                "application/cloudevents+json");
        assertEquals(200, ack.statusCode());
        assertEquals("DROP", ServiceClient.json(ack).get("status").asText(), ack.body());

        long before = service.deliveries("/subscribe");
        HttpResponse<String> published = dapr.post(
                "/v1.0/publish/daca-pubsub/user-chat?metadata.cloudevent.type=ConversationUpdated",
                "{\"no_actor\":true}", "application/json");
        assertEquals(204, published.statusCode(), published.body());
        LocalDaprStack.await("the poison event to be dead-lettered", EVENTUALLY,
                () -> service.deliveries("/subscribe/dead-letter") == 1);
        Thread.sleep(5000); // a redelivery, if Dapr retried, would land within this time
        assertEquals(before + 1, service.deliveries("/subscribe"), "delivered once, not redelivered");
        assertEquals(1, service.deliveries("/subscribe/dead-letter"));

        long user5 = service.messageCount("user5");
        assertEquals(200, service.chat("user5", "after the poison").statusCode());
        awaitCount("user5", user5 + 1);
    }

    @Test
    @Order(6)
    void withThePubsubDownMessagesAreAcknowledgedAndTheirEventsArriveOnceItIsBack() throws Exception {
        STACK.stopPubsubRedis();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = service.chat("outage-user", "while down " + i);
            assertEquals(200, response.statusCode(), "acknowledged despite the pubsub outage: " + response.body());
        }
        assertEquals(404, service.get("/analytics/outage-user").statusCode(), "no event got through yet");
        STACK.startPubsubRedisAgain();
        awaitCount("outage-user", 5);
        Thread.sleep(5000);
        assertEquals(5, service.messageCount("outage-user"), "each kept event counted exactly once");
        assertEquals(10, ServiceClient.entries(service.history("outage-user")).size());
    }

    @Test
    @Order(7)
    void analyticsEndpointsAnswerTheReferenceContractAndRejectBadInput() {
        HttpResponse<String> missing = service.get("/analytics/never-seen");
        assertEquals(404, missing.statusCode());
        assertEquals("User not found", ServiceClient.json(missing).get("detail").asText());

        HttpResponse<String> set = service.post("/analytics/alice/initialize", "{\"message_count\":5}");
        assertEquals("{\"status\":\"success\",\"user_id\":\"alice\",\"message_count\":5}", service.ok(set));
        assertEquals("{\"message_count\":5}", service.ok(service.get("/analytics/alice")));
        assertEquals("{\"status\":\"success\",\"user_id\":\"bob\",\"message_count\":3}",
                service.ok(service.post("/analytics/bob/initialize?message_count=3", null, null)));

        record Bad(String path, String body, int status) { }
        for (Bad bad : List.of(
                new Bad("/analytics/carol/initialize", "{\"message_count\":-1}", 400),
                new Bad("/analytics/carol/initialize", "{\"message_count\":\"many\"}", 400),
                new Bad("/analytics/carol/initialize?message_count=abc", null, 400),
                new Bad("/analytics/carol/initialize?message_count=-4", null, 400),
                new Bad("/analytics/carol/initialize", "{\"message_count\":1e30}", 400),
                new Bad("/analytics/carol/initialize", null, 400),
                new Bad("/analytics/" + "c".repeat(129) + "/initialize", "{\"message_count\":1}", 400),
                new Bad("/analytics/a%7Cb/initialize", "{\"message_count\":1}", 400))) {
            HttpResponse<String> response = service.post(bad.path(), bad.body(), bad.body() == null ? null : "application/json");
            assertEquals(bad.status(), response.statusCode(), bad + ": " + response.body());
            assertTrue(ServiceClient.json(response).hasNonNull("detail"), response.body());
        }
        assertEquals(404, service.get("/analytics/carol").statusCode(), "rejected input wrote nothing");
        assertEquals(400, service.get("/analytics/a%7Cb").statusCode());
    }

    /**
     * Optimistic-concurrency conflicts are normal for analytics and must stay there: a conflict is
     * an error to Dapr's resiliency, so retries and a circuit breaker on the store that analytics
     * writes to turned a burst of conflicting counter updates into an open breaker that failed the
     * actors' own state calls, i.e. chat.
     */
    @Test
    @Order(8)
    void conflictingAnalyticsUpdatesNeverFailChat() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<CompletableFuture<List<HttpResponse<String>>>> updates = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int value = w;
                updates.add(CompletableFuture.supplyAsync(() -> {
                    List<HttpResponse<String>> answers = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        answers.add(service.post("/analytics/hot-user/initialize", "{\"message_count\":" + value + "}"));
                    }
                    return answers;
                }, pool));
            }
            List<String> chatFailures = new ArrayList<>();
            int chats = 0;
            for (; !updates.stream().allMatch(CompletableFuture::isDone); chats++) {
                HttpResponse<String> chat = service.chat("bystander", "during the conflicts " + chats);
                if (chat.statusCode() != 200) {
                    chatFailures.add(chat.statusCode() + ": " + chat.body());
                }
            }
            assertEquals(List.of(), chatFailures.stream().distinct().limit(3).toList(),
                    chatFailures.size() + " chat messages failed while analytics updates conflicted");
            // Every answered message is counted, once, however hot the store was meanwhile. (Waiting
            // for it also keeps these events from landing in a later test's before-and-after total:
            // in CI they still were, and a bulk delivery of 3 new events seemed to count 22.)
            awaitCount("bystander", chats);

            // Sixteen writers on one key may exhaust a writer's attempts: that is a 503 to retry,
            // never a 500, and the value left is one that some writer was told was written.
            Set<Long> acknowledged = new HashSet<>();
            for (int w = 0; w < writers; w++) {
                for (HttpResponse<String> answer : updates.get(w).get()) {
                    assertTrue(answer.statusCode() == 200 || answer.statusCode() == 503, answer.statusCode() + ": " + answer.body());
                    assertTrue(ServiceClient.json(answer).hasNonNull(answer.statusCode() == 200 ? "message_count" : "detail"),
                            answer.body());
                    if (answer.statusCode() == 200) {
                        acknowledged.add((long) w);
                    }
                }
            }
            assertTrue(acknowledged.contains(service.messageCount("hot-user")),
                    service.messageCount("hot-user") + " was not written by anyone told so");
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitCount(String user, long expected) {
        LocalDaprStack.await(user + "'s message_count to reach " + expected, EVENTUALLY,
                () -> service.messageCount(user) >= expected);
        assertEquals(expected, service.messageCount(user), user + " counted more than once");
    }
}
