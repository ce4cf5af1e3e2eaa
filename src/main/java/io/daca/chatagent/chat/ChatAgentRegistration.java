package io.daca.chatagent.chat;

import io.daca.chatagent.config.ActorSettings;
import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.dapr.DaprClients;
import io.daca.chatagent.dapr.SidecarStarted;
import io.daca.chatagent.partition.ActiveActors;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.ActorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/**
 * The ChatAgent actor type, both ways: registered in the actor runtime this app hosts (with the
 * actor settings daprd reads from {@code GET /dapr/config}), and the proxies that call it.
 */
@ApplicationScoped
public class ChatAgentRegistration {

    private static final Logger LOG = Logger.getLogger(ChatAgentRegistration.class.getName());

    @Produces
    @Singleton
    ActorRuntime actorRuntime(DaprSettings dapr, ActorSettings actors, ChatSettings chat, EventSettings events,
                              InstanceSettings instance, ConversationStore store, ConversationEvents publisher,
                              PendingOutboxes pending, ActiveActors activeActors, Responder responder,
                              KeptStates kept) {
        ActorRuntime runtime = ActorRuntime.getInstance(DaprClients.sdkProperties(dapr));
        runtime.getConfig()
                .setActorIdleTimeout(actors.idleTimeout())
                .setActorScanInterval(actors.scanInterval())
                .setDrainOngoingCallTimeout(actors.drainOngoingCallTimeout())
                .setDrainBalancedActors(actors.drainRebalancedActors());
        var settings = new ChatAgentActor.Settings(chat.historyWindow(), instance.namespace(), instance.hostId(),
                chat.idempotencyKeysKept(), events.outboxCapacity(), events.outboxFlushSlice(), store, publisher, pending,
                activeActors, responder, kept);
        runtime.registerActor(ChatAgentActor.class, (context, id) -> new ChatAgentActor(context, id, settings));
        LOG.info(() -> "Registered actor type " + ChatAgent.TYPE + " (history window " + settings.historyWindow()
                + ", namespace " + settings.namespace() + ", host " + settings.hostId() + ")");
        return runtime;
    }

    /** What the active actors keep between calls, within {@code actors.kept-state-bytes}. */
    @Produces
    @Singleton
    KeptStates keptStates(ActorSettings actors) {
        return new KeptStates(actors.keptStateBytes());
    }

    /** daprd restarted: the kept states are checked against the store before they are used again. */
    void sidecarStarted(@Observes SidecarStarted started, KeptStates kept) {
        kept.sidecarStarted();
    }

    void closeActorRuntime(@Disposes ActorRuntime runtime) {
        runtime.close();
    }

    @Produces
    @Singleton
    ActorProxyBuilder<ChatAgent> chatAgentProxyBuilder(ActorClient client) {
        return new ActorProxyBuilder<>(ChatAgent.TYPE, ChatAgent.class, client);
    }

    @Produces
    @Singleton
    ActorProxyBuilder<ChatAgentOperations> chatAgentOperationsBuilder(ActorClient client) {
        return new ActorProxyBuilder<>(ChatAgent.TYPE, ChatAgentOperations.class, client);
    }
}
