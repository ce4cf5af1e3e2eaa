package io.daca.chatagent.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's settings, one small record per key prefix, read once from MicroProfile Config.
 *
 * <p>Defaults live in {@code META-INF/microprofile-config.properties}; system properties and
 * environment variables override them ({@code chat.history-window} is {@code CHAT_HISTORY_WINDOW}).
 * Every record is built when the application starts, so a bad value stops the deployment with a
 * message naming the key.
 */
@ApplicationScoped
public class SettingsProducer {

    /**
     * Looked up for each record, never kept: Payara Micro opens its HTTP port before the WAR's
     * web context has started, and a readiness probe in that window runs the app's health check
     * on a thread whose config is the server's alone (system properties and environment, not the
     * WAR's microprofile-config.properties). A Config kept from that first lookup failed every
     * setting for good, the web context's start included: the app never came up. Now that probe
     * fails alone and the next lookup, on the application's own thread, finds every source.
     */
    private final Supplier<Config> config;

    public SettingsProducer() {
        this.config = ConfigProvider::getConfig;
    }

    SettingsProducer(Config config) {
        this.config = () -> config;
    }

    private ConfigValues values() {
        return new ConfigValues(config.get());
    }

    void checkOnStart(@Observes @Initialized(ApplicationScoped.class) Object started, InstanceSettings instance,
                      DaprSettings dapr, ActorSettings actors, ChatSettings chat, EventSettings events,
                      AnalyticsSettings analytics, PartitionSettings partitions) {
        // Injecting each record above built and checked it.
    }

    @Produces
    @Singleton
    public InstanceSettings instance() {
        ConfigValues values = values();
        return new InstanceSettings(values.text("namespace"),
                values.optionalText("host.id").orElseGet(SettingsProducer::defaultHostId));
    }

    @Produces
    @Singleton
    public DaprSettings dapr() {
        ConfigValues values = values();
        return new DaprSettings(values.text("dapr.app-id"), values.text("dapr.sidecar.ip"),
                values.port("dapr.http.port"), values.port("dapr.grpc.port"),
                values.millis("dapr.actor-call-timeout-ms"), values.millis("dapr.health-timeout-ms"),
                values.millis("dapr.invoke-timeout-ms"),
                values.optionalText("dapr.api.token"), values.optionalText("app.api-token"));
    }

    @Produces
    @Singleton
    public ActorSettings actors() {
        ConfigValues values = values();
        return new ActorSettings(values.duration("actors.idle-timeout"), values.duration("actors.scan-interval"),
                values.duration("actors.drain-ongoing-call-timeout"), values.flag("actors.drain-rebalanced-actors"));
    }

    @Produces
    @Singleton
    public ChatSettings chat() {
        ConfigValues values = values();
        return new ChatSettings(values.positiveInt("chat.history-window"), values.positiveInt("chat.max-content-length"),
                values.positiveInt("chat.max-actor-id-length"), values.positiveInt("chat.idempotency-keys-kept"));
    }

    @Produces
    @Singleton
    public EventSettings events() {
        ConfigValues values = values();
        return new EventSettings(values.text("events.pubsub-name"), values.text("events.topic"),
                values.text("events.dead-letter-topic"), values.millis("events.publish-timeout-ms"),
                values.positiveInt("events.outbox-capacity"), values.positiveInt("events.outbox-flush-slice"),
                values.duration("events.outbox-sweep-period"), values.duration("events.outbox-max-backoff"),
                values.text("events.outbox-registry-store"));
    }

    @Produces
    @Singleton
    public AnalyticsSettings analytics() {
        ConfigValues values = values();
        return new AnalyticsSettings(values.text("analytics.store-name"), values.positiveInt("analytics.max-attempts"));
    }

    @Produces
    @Singleton
    public PartitionSettings partitions() {
        ConfigValues values = values();
        return new PartitionSettings(values.positiveInt("partitions.count"));
    }

    /** The machine's name and the HTTP port: unique per instance even with several on one machine. */
    private static String defaultHostId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String port = System.getProperty("payaramicro.port");
        return port == null ? host : host + ":" + port;
    }
}
