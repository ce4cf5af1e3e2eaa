package io.daca.chatagent.dapr;

import io.daca.chatagent.analytics.AnalyticsInvoker;
import io.daca.chatagent.chat.ChatAgent;
import io.daca.chatagent.chat.ChatAgentActor;
import io.daca.chatagent.chat.ChatAgentLocator;
import io.daca.chatagent.config.ServiceSettings;
import io.daca.chatagent.events.EventPublisher;
import io.daca.chatagent.partition.ActiveActors;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.ActorRuntime;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.resiliency.ResiliencyOptions;
import io.dapr.config.Properties;
import io.dapr.config.Property;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The one place that creates Dapr SDK clients. They hold channels and thread pools, so there is
 * exactly one of each per application, configured from {@link ServiceSettings} and closed on
 * shutdown. They are produced as {@code @Singleton}: the SDK classes cannot be proxied, and they
 * need no proxy since they live as long as the application.
 */
@ApplicationScoped
public class DaprClients {

    private static final Logger LOG = Logger.getLogger(DaprClients.class.getName());

    /** SDK properties from our settings, so the SDK never falls back to its own defaults. */
    static Properties sdkProperties(ServiceSettings settings) {
        Map<String, String> values = new HashMap<>();
        values.put(Properties.SIDECAR_IP.getName(), settings.sidecarHost());
        values.put(Properties.HTTP_PORT.getName(), Integer.toString(settings.daprHttpPort()));
        values.put(Properties.GRPC_PORT.getName(), Integer.toString(settings.daprGrpcPort()));
        values.put(Properties.TIMEOUT.getName(), Long.toString(settings.actorCallTimeout().toMillis()));
        settings.daprApiToken().ifPresent(token -> values.put(Properties.API_TOKEN.getName(), token));
        return new Properties(values);
    }

    @Produces
    @Singleton
    ActorClient actorClient(ServiceSettings settings) {
        LOG.info(() -> "Dapr actor client -> sidecar " + settings.sidecarHost() + " grpc:" + settings.daprGrpcPort());
        // The deadline travels with each gRPC call, so daprd also abandons the call into the actor
        // host when the caller has given up (the Resiliency has no actor timeout, see there).
        return new ActorClient(sdkProperties(settings), new ResiliencyOptions().setTimeout(settings.actorCallTimeout()));
    }

    void closeActorClient(@Disposes ActorClient client) {
        client.close();
    }

    @Produces
    @Singleton
    DaprClient daprClient(ServiceSettings settings) {
        Map<Property<?>, String> overrides = new HashMap<>();
        overrides.put(Properties.SIDECAR_IP, settings.sidecarHost());
        overrides.put(Properties.HTTP_PORT, Integer.toString(settings.daprHttpPort()));
        overrides.put(Properties.GRPC_PORT, Integer.toString(settings.daprGrpcPort()));
        settings.daprApiToken().ifPresent(token -> overrides.put(Properties.API_TOKEN, token));
        return new DaprClientBuilder().withPropertyOverrides(overrides).build();
    }

    void closeDaprClient(@Disposes DaprClient client) throws Exception {
        client.close();
    }

    /** The sidecar's HTTP API (metadata, health) that the SDK has no call for. */
    @Produces
    @Singleton
    SidecarApi sidecarApi(ServiceSettings settings) {
        return sidecarRestClient(SidecarApi.class, settings.sidecarHealthTimeout(), settings);
    }

    /** The analytics API through Dapr service invocation, with its own timeouts. */
    @Produces
    @Singleton
    AnalyticsInvoker analyticsInvoker(ServiceSettings settings) {
        return sidecarRestClient(AnalyticsInvoker.class, settings.invokeTimeout(), settings);
    }

    /** A MicroProfile Rest Client on the sidecar's HTTP port, sending the Dapr API token if set. */
    private static <T> T sidecarRestClient(Class<T> api, Duration timeout, ServiceSettings settings) {
        RestClientBuilder builder = RestClientBuilder.newBuilder()
                .baseUri(URI.create(settings.sidecarHttpUrl()))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        settings.daprApiToken().ifPresent(token -> builder.register(
                (ClientRequestFilter) request -> request.getHeaders().putSingle("dapr-api-token", token)));
        return builder.build(api);
    }

    @Produces
    @Singleton
    ActorProxyBuilder<ChatAgent> chatAgentProxyBuilder(ActorClient client) {
        return new ActorProxyBuilder<>(ChatAgent.TYPE, ChatAgent.class, client);
    }

    @Produces
    @Singleton
    ActorProxyBuilder<ChatAgentLocator> chatAgentLocatorBuilder(ActorClient client) {
        return new ActorProxyBuilder<>(ChatAgent.TYPE, ChatAgentLocator.class, client);
    }

    /**
     * The actor runtime this app hosts, with ChatAgent registered and the actor settings that
     * daprd reads from {@code GET /dapr/config}.
     */
    @Produces
    @Singleton
    ActorRuntime actorRuntime(ServiceSettings settings, EventPublisher publisher, ActiveActors activeActors) {
        ActorRuntime runtime = ActorRuntime.getInstance(sdkProperties(settings));
        runtime.getConfig()
                .setActorIdleTimeout(settings.actorIdleTimeout())
                .setActorScanInterval(settings.actorScanInterval())
                .setDrainOngoingCallTimeout(settings.drainOngoingCallTimeout())
                .setDrainBalancedActors(settings.drainRebalancedActors());
        var actorSettings = new ChatAgentActor.Settings(settings.historyWindow(), settings.namespace(),
                settings.hostId(), publisher, settings.outboxRetryPeriod(), activeActors);
        runtime.registerActor(ChatAgentActor.class, (context, id) -> new ChatAgentActor(context, id, actorSettings));
        LOG.info(() -> "Registered actor type " + ChatAgent.TYPE + " (history window " + actorSettings.historyWindow()
                + ", namespace " + actorSettings.namespace() + ", host " + actorSettings.hostId() + ")");
        return runtime;
    }

    void closeActorRuntime(@Disposes ActorRuntime runtime) {
        runtime.close();
    }
}
