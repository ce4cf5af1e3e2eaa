package io.daca.chatagent.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's typed settings, read once from MicroProfile Config.
 *
 * <p>Defaults live in {@code META-INF/microprofile-config.properties}; system properties and
 * environment variables override them. Values are checked here so a bad deployment fails at
 * start-up with a clear message instead of misbehaving on the first request.
 */
@ApplicationScoped
public class ServiceSettings {

    private String namespace;
    private String hostId;
    private String appId;
    private String sidecarHost;
    private int daprHttpPort;
    private int daprGrpcPort;
    private Optional<String> daprApiToken;
    private Optional<String> appApiToken;
    private Duration actorCallTimeout;
    private Duration sidecarHealthTimeout;
    private Duration invokeTimeout;
    private Duration actorIdleTimeout;
    private Duration actorScanInterval;
    private Duration drainOngoingCallTimeout;
    private boolean drainRebalancedActors;
    private int historyWindow;
    private int maxContentLength;
    private int maxActorIdLength;
    private String analyticsStore;
    private String pubsubName;
    private String topic;
    private String deadLetterTopic;
    private Duration publishTimeout;
    private Duration outboxRetryPeriod;
    private int partitionCount;
    private int analyticsMaxAttempts;

    /** For CDI's proxy only. */
    protected ServiceSettings() {
    }

    @Inject
    public ServiceSettings(
            @ConfigProperty(name = "namespace") String namespace,
            @ConfigProperty(name = "host.id") Optional<String> hostId,
            @ConfigProperty(name = "dapr.app-id") String appId,
            @ConfigProperty(name = "dapr.sidecar.ip") String sidecarHost,
            @ConfigProperty(name = "dapr.http.port") int daprHttpPort,
            @ConfigProperty(name = "dapr.grpc.port") int daprGrpcPort,
            @ConfigProperty(name = "dapr.api.token") Optional<String> daprApiToken,
            @ConfigProperty(name = "app.api-token") Optional<String> appApiToken,
            @ConfigProperty(name = "dapr.actor-call-timeout-ms") long actorCallTimeoutMs,
            @ConfigProperty(name = "dapr.health-timeout-ms") long sidecarHealthTimeoutMs,
            @ConfigProperty(name = "dapr.invoke-timeout-ms") long invokeTimeoutMs,
            @ConfigProperty(name = "actors.idle-timeout") String actorIdleTimeout,
            @ConfigProperty(name = "actors.scan-interval") String actorScanInterval,
            @ConfigProperty(name = "actors.drain-ongoing-call-timeout") String drainOngoingCallTimeout,
            @ConfigProperty(name = "actors.drain-rebalanced-actors") boolean drainRebalancedActors,
            @ConfigProperty(name = "chat.history-window") int historyWindow,
            @ConfigProperty(name = "chat.max-content-length") int maxContentLength,
            @ConfigProperty(name = "chat.max-actor-id-length") int maxActorIdLength,
            @ConfigProperty(name = "analytics.store-name") String analyticsStore,
            @ConfigProperty(name = "events.pubsub-name") String pubsubName,
            @ConfigProperty(name = "events.topic") String topic,
            @ConfigProperty(name = "events.dead-letter-topic") String deadLetterTopic,
            @ConfigProperty(name = "events.publish-timeout-ms") long publishTimeoutMs,
            @ConfigProperty(name = "events.outbox-retry-period") String outboxRetryPeriod,
            @ConfigProperty(name = "partitions.count") int partitionCount,
            @ConfigProperty(name = "analytics.max-attempts") int analyticsMaxAttempts) {
        this.namespace = requireText("namespace", namespace);
        this.hostId = hostId.filter(id -> !id.isBlank()).orElseGet(ServiceSettings::defaultHostId);
        this.appId = requireText("dapr.app-id", appId);
        this.sidecarHost = requireText("dapr.sidecar.ip", sidecarHost);
        this.daprHttpPort = requirePort("dapr.http.port", daprHttpPort);
        this.daprGrpcPort = requirePort("dapr.grpc.port", daprGrpcPort);
        this.daprApiToken = daprApiToken.filter(token -> !token.isBlank());
        this.appApiToken = appApiToken.filter(token -> !token.isBlank());
        this.actorCallTimeout = Duration.ofMillis(requirePositive("dapr.actor-call-timeout-ms", actorCallTimeoutMs));
        this.sidecarHealthTimeout = Duration.ofMillis(requirePositive("dapr.health-timeout-ms", sidecarHealthTimeoutMs));
        this.invokeTimeout = Duration.ofMillis(requirePositive("dapr.invoke-timeout-ms", invokeTimeoutMs));
        this.actorIdleTimeout = parseDuration("actors.idle-timeout", actorIdleTimeout);
        this.actorScanInterval = parseDuration("actors.scan-interval", actorScanInterval);
        this.drainOngoingCallTimeout = parseDuration("actors.drain-ongoing-call-timeout", drainOngoingCallTimeout);
        this.drainRebalancedActors = drainRebalancedActors;
        this.historyWindow = (int) requirePositive("chat.history-window", historyWindow);
        this.maxContentLength = (int) requirePositive("chat.max-content-length", maxContentLength);
        this.maxActorIdLength = (int) requirePositive("chat.max-actor-id-length", maxActorIdLength);
        this.analyticsStore = requireText("analytics.store-name", analyticsStore);
        this.pubsubName = requireText("events.pubsub-name", pubsubName);
        this.topic = requireText("events.topic", topic);
        this.deadLetterTopic = requireText("events.dead-letter-topic", deadLetterTopic);
        this.publishTimeout = Duration.ofMillis(requirePositive("events.publish-timeout-ms", publishTimeoutMs));
        this.outboxRetryPeriod = parseDuration("events.outbox-retry-period", outboxRetryPeriod);
        this.partitionCount = (int) requirePositive("partitions.count", partitionCount);
        this.analyticsMaxAttempts = (int) requirePositive("analytics.max-attempts", analyticsMaxAttempts);
    }

    /** The machine's name and the HTTP port: unique per instance even with several on one machine. */
    private static String defaultHostId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String port = System.getProperty("payaramicro.port");
        return port == null ? host : host + ":" + port;
    }

    private static String requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Setting " + key + " must not be empty");
        }
        return value.trim();
    }

    private static int requirePort(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Setting " + key + " must be a TCP port, got " + port);
        }
        return port;
    }

    private static long requirePositive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("Setting " + key + " must be at least 1, got " + value);
        }
        return value;
    }

    private static Duration parseDuration(String key, String value) {
        try {
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Setting " + key + " must be a positive duration, got " + value);
            }
            return duration;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Setting " + key + " must be an ISO-8601 duration like PT1H, got " + value, e);
        }
    }

    public String namespace() { return namespace; }
    /** Which app instance this is (HOST_ID; on Kubernetes the pod name). */
    public String hostId() { return hostId; }
    public String appId() { return appId; }
    public String sidecarHost() { return sidecarHost; }
    public int daprHttpPort() { return daprHttpPort; }
    public int daprGrpcPort() { return daprGrpcPort; }
    public Optional<String> daprApiToken() { return daprApiToken; }
    public Optional<String> appApiToken() { return appApiToken; }
    public Duration actorCallTimeout() { return actorCallTimeout; }
    public Duration sidecarHealthTimeout() { return sidecarHealthTimeout; }
    public Duration invokeTimeout() { return invokeTimeout; }
    public Duration actorIdleTimeout() { return actorIdleTimeout; }
    public Duration actorScanInterval() { return actorScanInterval; }
    public Duration drainOngoingCallTimeout() { return drainOngoingCallTimeout; }
    public boolean drainRebalancedActors() { return drainRebalancedActors; }
    public int historyWindow() { return historyWindow; }
    public int maxContentLength() { return maxContentLength; }
    public int maxActorIdLength() { return maxActorIdLength; }
    public String analyticsStore() { return analyticsStore; }
    public String pubsubName() { return pubsubName; }
    public String topic() { return topic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public Duration publishTimeout() { return publishTimeout; }
    public Duration outboxRetryPeriod() { return outboxRetryPeriod; }
    public int partitionCount() { return partitionCount; }
    public int analyticsMaxAttempts() { return analyticsMaxAttempts; }

    /** The base URL of the sidecar's HTTP API, e.g. {@code http://127.0.0.1:3500}. */
    public String sidecarHttpUrl() {
        return "http://" + sidecarHost + ":" + daprHttpPort;
    }
}
