package io.daca.chatagent.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

    private final ConfigValues values;

    public SettingsProducer() {
        // The application's config, whichever thread first builds this bean: a health check may
        // ask before the application has started, on a server thread whose context class loader
        // sees only the server's config (every setting then read as missing).
        this(ConfigProvider.getConfig(SettingsProducer.class.getClassLoader()));
    }

    SettingsProducer(Config config) {
        this.values = new ConfigValues(config);
    }

    void checkOnStart(@Observes @Initialized(ApplicationScoped.class) Object started, InstanceSettings instance,
                      DaprSettings dapr, ActorSettings actors, ChatSettings chat, ResponderSettings responder,
                      EventSettings events, AnalyticsSettings analytics, PartitionSettings partitions,
                      HttpSettings http) {
        // Injecting each record above built and checked it.
    }

    @Produces
    @Singleton
    public InstanceSettings instance() {
        return new InstanceSettings(values.text("namespace"),
                values.optionalText("host.id").orElseGet(SettingsProducer::defaultHostId));
    }

    /**
     * The sidecar settings. The actor-call deadline is {@code dapr.actor-call-timeout-ms} plus, in
     * conversation mode, {@code chat.conversation.timeout-ms}: a call may wait for a model's answer.
     */
    @Produces
    @Singleton
    public DaprSettings dapr() {
        return new DaprSettings(values.text("dapr.app-id"), values.text("dapr.sidecar.ip"),
                values.port("dapr.http.port"), values.port("dapr.grpc.port"),
                values.millis("dapr.actor-call-timeout-ms").plus(responder().actorCallAllowance()),
                values.millis("dapr.health-timeout-ms"),
                values.millis("dapr.invoke-timeout-ms"),
                values.optionalText("dapr.api.token"), values.optionalText("app.api-token"));
    }

    @Produces
    @Singleton
    public ActorSettings actors() {
        return new ActorSettings(values.duration("actors.idle-timeout"), values.duration("actors.scan-interval"),
                values.duration("actors.drain-ongoing-call-timeout"), values.flag("actors.drain-rebalanced-actors"),
                values.positive("actors.kept-state-bytes"));
    }

    @Produces
    @Singleton
    public ChatSettings chat() {
        return new ChatSettings(values.positiveInt("chat.history-window"), values.positiveInt("chat.max-content-length"),
                values.positiveInt("chat.max-actor-id-length"), values.positiveInt("chat.idempotency-keys-kept"));
    }

    @Produces
    @Singleton
    public ResponderSettings responder() {
        return new ResponderSettings(ResponderSettings.Mode.parse("chat.responder", values.text("chat.responder")),
                values.text("chat.conversation.component"),
                values.optionalText("chat.conversation.system-prompt").orElse(""),
                values.millis("chat.conversation.timeout-ms"));
    }

    @Produces
    @Singleton
    public EventSettings events() {
        return new EventSettings(values.text("events.pubsub-name"), values.text("events.topic"),
                values.text("events.dead-letter-topic"), values.millis("events.publish-timeout-ms"),
                values.positiveInt("events.outbox-capacity"), values.positiveInt("events.outbox-flush-slice"),
                values.duration("events.outbox-sweep-period"), values.duration("events.outbox-max-backoff"),
                values.text("events.outbox-registry-store"), values.intUpTo("events.bulk.max-messages", 1000),
                values.millis("events.bulk.max-await-ms"));
    }

    @Produces
    @Singleton
    public AnalyticsSettings analytics() {
        return new AnalyticsSettings(values.text("analytics.store-name"), values.positiveInt("analytics.max-attempts"),
                values.optionalText("analytics.admin-token"));
    }

    @Produces
    @Singleton
    public PartitionSettings partitions() {
        return new PartitionSettings(values.positiveInt("partitions.count"));
    }

    @Produces
    @Singleton
    public HttpSettings http() {
        return new HttpSettings(values.positiveInt("http.max-body-bytes"));
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
