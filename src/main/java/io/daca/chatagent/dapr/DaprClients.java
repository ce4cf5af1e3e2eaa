package io.daca.chatagent.dapr;

import io.daca.chatagent.chat.ChatAgent;
import io.daca.chatagent.chat.ChatAgentActor;
import io.daca.chatagent.config.ServiceSettings;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.ActorRuntime;
import io.dapr.config.Properties;
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
        return new ActorClient(sdkProperties(settings));
    }

    void closeActorClient(@Disposes ActorClient client) {
        client.close();
    }

    @Produces
    @Singleton
    ActorProxyBuilder<ChatAgent> chatAgentProxyBuilder(ActorClient client) {
        return new ActorProxyBuilder<>(ChatAgent.TYPE, ChatAgent.class, client);
    }

    /**
     * The actor runtime this app hosts, with ChatAgent registered and the actor settings that
     * daprd reads from {@code GET /dapr/config}.
     */
    @Produces
    @Singleton
    ActorRuntime actorRuntime(ServiceSettings settings) {
        ActorRuntime runtime = ActorRuntime.getInstance(sdkProperties(settings));
        runtime.getConfig()
                .setActorIdleTimeout(settings.actorIdleTimeout())
                .setActorScanInterval(settings.actorScanInterval())
                .setDrainOngoingCallTimeout(settings.drainOngoingCallTimeout())
                .setDrainBalancedActors(settings.drainRebalancedActors());
        int window = settings.historyWindow();
        runtime.registerActor(ChatAgentActor.class,
                (context, id) -> new ChatAgentActor(context, id, window));
        LOG.info(() -> "Registered actor type " + ChatAgent.TYPE + " (history window " + window + ")");
        return runtime;
    }

    void closeActorRuntime(@Disposes ActorRuntime runtime) {
        runtime.close();
    }
}
