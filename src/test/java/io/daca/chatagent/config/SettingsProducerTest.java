package io.daca.chatagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class SettingsProducerTest {

    private final Map<String, String> values = new HashMap<>(Map.ofEntries(
            Map.entry("namespace", "prod"), Map.entry("host.id", "pod-1"), Map.entry("dapr.app-id", "chat-agent"),
            Map.entry("dapr.sidecar.ip", "127.0.0.1"), Map.entry("dapr.http.port", "3500"),
            Map.entry("dapr.grpc.port", "50001"), Map.entry("dapr.actor-call-timeout-ms", "10000"),
            Map.entry("dapr.health-timeout-ms", "1000"), Map.entry("dapr.invoke-timeout-ms", "3000"),
            Map.entry("actors.idle-timeout", "PT1H"), Map.entry("actors.scan-interval", "PT30S"),
            Map.entry("actors.drain-ongoing-call-timeout", "PT60S"), Map.entry("actors.drain-rebalanced-actors", "true"),
            Map.entry("actors.kept-state-bytes", "33554432"),
            Map.entry("chat.history-window", "5"), Map.entry("chat.max-content-length", "4000"),
            Map.entry("chat.max-actor-id-length", "128"), Map.entry("chat.idempotency-keys-kept", "32"), Map.entry("analytics.store-name", "analytics-store"),
            Map.entry("analytics.max-attempts", "12"), Map.entry("events.pubsub-name", "daca-pubsub"),
            Map.entry("events.topic", "user-chat"), Map.entry("events.dead-letter-topic", "user-chat-deadletter"),
            Map.entry("events.publish-timeout-ms", "2000"), Map.entry("events.outbox-capacity", "100"),
            Map.entry("events.outbox-flush-slice", "20"), Map.entry("events.outbox-sweep-period", "PT5S"),
            Map.entry("events.outbox-max-backoff", "PT1M"), Map.entry("events.outbox-registry-store", "analytics-store"),
            Map.entry("events.bulk.max-messages", "0"), Map.entry("events.bulk.max-await-ms", "20"),
            Map.entry("partitions.count", "10"), Map.entry("http.max-body-bytes", "65536"),
            Map.entry("chat.responder", "template"), Map.entry("chat.conversation.component", "llm"),
            Map.entry("chat.conversation.system-prompt", "Be brief."), Map.entry("chat.conversation.timeout-ms", "30000")));

    /** MicroProfile Config over the map above: only getOptionalValue(String, String.class) is used. */
    private SettingsProducer producer() {
        Config config = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getOptionalValue")) {
                        return Optional.ofNullable(values.get((String) args[0]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new SettingsProducer(config);
    }

    @Test
    void readsEachPrefixIntoItsRecord() {
        SettingsProducer producer = producer();
        assertEquals(new InstanceSettings("prod", "pod-1"), producer.instance());
        DaprSettings dapr = producer.dapr();
        assertEquals("http://127.0.0.1:3500", dapr.httpUrl());
        assertEquals(Duration.ofSeconds(10), dapr.actorCallTimeout());
        assertEquals(Optional.empty(), dapr.apiToken());
        assertEquals(new ActorSettings(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(60), true, 33_554_432L),
                producer.actors());
        assertEquals(new ChatSettings(5, 4000, 128, 32), producer.chat());
        assertEquals(new EventSettings("daca-pubsub", "user-chat", "user-chat-deadletter", Duration.ofSeconds(2), 100, 20,
                Duration.ofSeconds(5), Duration.ofMinutes(1), "analytics-store", 0, Duration.ofMillis(20)), producer.events());
        assertEquals(new AnalyticsSettings("analytics-store", 12, Optional.empty()), producer.analytics());
        assertEquals(new PartitionSettings(10), producer.partitions());
        assertEquals(new ResponderSettings(ResponderSettings.Mode.TEMPLATE, "llm", "Be brief.", Duration.ofSeconds(30)),
                producer.responder());
    }

    @Test
    void bulkDeliveryIsOnWithAPositiveBatchSizeAndRefusesANegativeOrHugeOne() {
        values.put("events.bulk.max-messages", "100");
        assertTrue(producer().events().bulk());
        values.put("events.bulk.max-messages", "-1");
        assertThrows(IllegalArgumentException.class, () -> producer().events());
        values.put("events.bulk.max-messages", "1001");
        assertThrows(IllegalArgumentException.class, () -> producer().events());
    }

    @Test
    void inConversationModeAnActorCallMayAlsoWaitForTheModel() {
        values.put("chat.responder", "conversation");
        SettingsProducer producer = producer();
        assertEquals(ResponderSettings.Mode.CONVERSATION, producer.responder().mode());
        assertEquals(Duration.ofSeconds(40), producer.dapr().actorCallTimeout());
    }

    @Test
    void anEmptySystemPromptSendsNone() {
        values.put("chat.conversation.system-prompt", " ");
        assertEquals("", producer().responder().systemPrompt());
    }

    @Test
    void blankTokensAreUnsetAndTokensAreTrimmed() {
        values.put("dapr.api.token", "  ");
        values.put("app.api-token", " secret ");
        DaprSettings dapr = producer().dapr();
        assertEquals(Optional.empty(), dapr.apiToken());
        assertEquals(Optional.of("secret"), dapr.appApiToken());
    }

    @Test
    void anUnsetHostIdFallsBackToTheMachinesName() {
        values.remove("host.id");
        assertTrue(!producer().instance().hostId().isBlank());
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertFailure("namespace", " ", "must not be empty");
        assertFailure("dapr.http.port", "70000", "must be a TCP port");
        assertFailure("dapr.grpc.port", "x", "must be a whole number");
        assertFailure("chat.history-window", "0", "must be at least 1");
        assertFailure("actors.idle-timeout", "1h", "ISO-8601 duration");
        assertFailure("events.outbox-sweep-period", "PT0S", "positive duration");
        assertFailure("events.outbox-capacity", "0", "at least 1");
        assertFailure("actors.drain-rebalanced-actors", "yes", "true or false");
        assertFailure("actors.kept-state-bytes", "0", "at least 1");
        assertFailure("partitions.count", "-3", "at least 1");
        assertFailure("chat.responder", "llm", "template or conversation");
        assertFailure("chat.conversation.timeout-ms", "0", "at least 1");
        assertFailure("chat.conversation.component", "", "must not be empty");
    }

    private void assertFailure(String key, String value, String expected) {
        String before = values.put(key, value);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
            SettingsProducer producer = producer();
            producer.instance();
            producer.dapr();
            producer.actors();
            producer.chat();
            producer.events();
            producer.analytics();
            producer.partitions();
            producer.responder();
        });
        assertTrue(error.getMessage().contains(key) && error.getMessage().contains(expected), error.getMessage());
        values.put(key, before);
    }
}
