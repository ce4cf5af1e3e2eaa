package io.daca.chatagent.chat;

import io.daca.chatagent.events.ConversationEvent;
import io.daca.chatagent.events.EventPublisher;
import io.daca.chatagent.partition.ActiveActors;
import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.utils.TypeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ChatAgent actor. Dapr guarantees turn-based access (one call at a time per actor id), so a
 * read-modify-write of the state inside a method is safe.
 *
 * <p>Each processed message becomes a ConversationUpdated event that is first saved in the
 * actor's outbox, in the same state transaction as the history, and only then published. A
 * publish that fails leaves the event in the outbox; a timer retries it until the pubsub takes it,
 * and the next message or activation tries again too. So an acknowledged message's event is never
 * lost; at worst it is delivered twice, which consumers detect by its {@code seq}.
 */
public class ChatAgentActor extends AbstractActor implements ChatAgent, ChatAgentLocator, OutboxRetryTimer {

    /** What every ChatAgent needs from the application, given by the actor factory. */
    public record Settings(int historyWindow, String namespace, String hostId, EventPublisher publisher,
                           Duration outboxRetryPeriod, ActiveActors activeActors) {
    }

    static final String SEQ_KEY = "event-seq";
    static final String OUTBOX_KEY = "outbox";
    static final String OUTBOX_TIMER = "outbox-retry";

    private static final Logger LOG = Logger.getLogger(ChatAgentActor.class.getName());
    private static final TypeRef<List<ChatMessage>> HISTORY = new TypeRef<>() { };
    private static final TypeRef<List<ConversationEvent>> EVENTS = new TypeRef<>() { };

    private final String historyKey;
    private final Settings settings;
    private boolean retryTimerRegistered;

    public ChatAgentActor(ActorRuntimeContext<ChatAgentActor> context, ActorId id, Settings settings) {
        super(context, id);
        this.historyKey = ConversationHistory.stateKey(id.toString());
        this.settings = settings;
    }

    @Override
    protected Mono<Void> onActivate() {
        // History initialised on activation, as the reference does; events a previous activation
        // could not publish (e.g. its host died) go out now.
        LOG.info(() -> "Activating actor for " + historyKey + " on host " + settings.hostId());
        settings.activeActors().activated(getId().toString());
        return getActorStateManager().contains(historyKey)
                .flatMap(found -> found ? Mono.<Void>empty() : getActorStateManager().set(historyKey, List.of()))
                .then(load(OUTBOX_KEY, EVENTS))
                .flatMap(outbox -> outbox.isEmpty() ? Mono.<Void>empty() : ensureRetryTimer());
    }

    @Override
    protected Mono<Void> onDeactivate() {
        settings.activeActors().deactivated(getId().toString());
        return Mono.empty();
    }

    @Override
    public Mono<ChatMessage> processMessage(ChatMessage message) {
        ChatMessage reply = ConversationHistory.replyTo(message);
        return Mono.zip(load(historyKey, HISTORY), load(SEQ_KEY, Long.class).defaultIfEmpty(0L), load(OUTBOX_KEY, EVENTS))
                .flatMap(state -> {
                    long seq = state.getT2() + 1;
                    List<ConversationEvent> outbox = new ArrayList<>(state.getT3());
                    outbox.add(ConversationEvent.of(getId().toString(), historyKey, message, reply, seq, settings.namespace()));
                    return getActorStateManager().set(historyKey,
                                    ConversationHistory.append(state.getT1(), message, reply, settings.historyWindow()))
                            .then(getActorStateManager().set(SEQ_KEY, seq))
                            .then(getActorStateManager().set(OUTBOX_KEY, outbox));
                })
                // Commit the exchange and its event together before anything leaves the actor.
                .then(saveState())
                .then(flushOutbox())
                .then(Mono.fromSupplier(() -> {
                    LOG.fine(() -> "Processed message for actor " + getId() + " on host " + settings.hostId());
                    return reply;
                }));
    }

    @Override
    public Mono<ChatMessage[]> getConversationHistory() {
        return load(historyKey, HISTORY).map(history -> history.toArray(ChatMessage[]::new));
    }

    @Override
    public Mono<String> getHost() {
        return Mono.just(settings.hostId());
    }

    /** Timer callback: publish what the outbox holds; stop the timer once it is empty. */
    @Override
    public Mono<Void> retryOutbox(String unused) {
        return flushOutbox();
    }

    /**
     * Publishes the outbox in order and keeps what could not be published. Never fails: a pubsub
     * outage must not fail the chat message that was already committed.
     */
    private Mono<Void> flushOutbox() {
        return load(OUTBOX_KEY, EVENTS).flatMap(outbox -> {
            if (outbox.isEmpty()) {
                return stopRetryTimer();
            }
            return Flux.fromIterable(outbox)
                    .concatMap(event -> settings.publisher().publish(event).thenReturn(event))
                    .onErrorResume(error -> {
                        LOG.warning(() -> "Actor " + getId() + ": publishing ConversationUpdated failed, "
                                + "kept in the outbox for retry: " + error);
                        return Mono.empty();
                    })
                    .count()
                    .flatMap(published -> {
                        List<ConversationEvent> left = outbox.subList(published.intValue(), outbox.size());
                        Mono<Void> save = getActorStateManager().set(OUTBOX_KEY, new ArrayList<>(left));
                        return left.isEmpty() ? save.then(stopRetryTimer()) : save.then(ensureRetryTimer());
                    });
        }).onErrorResume(error -> {
            // The exchange is committed already; a timer that could not be (un)registered now is
            // retried on the next message or activation, so the caller still gets its reply.
            LOG.warning(() -> "Actor " + getId() + ": outbox bookkeeping failed, will retry later: " + error);
            return Mono.empty();
        });
    }

    private Mono<Void> ensureRetryTimer() {
        if (retryTimerRegistered) {
            return Mono.empty();
        }
        Duration period = settings.outboxRetryPeriod();
        return registerActorTimer(OUTBOX_TIMER, "retryOutbox", "", period, period)
                .doOnSuccess(name -> retryTimerRegistered = true)
                .then();
    }

    private Mono<Void> stopRetryTimer() {
        if (!retryTimerRegistered) {
            return Mono.empty();
        }
        return unregisterTimer(OUTBOX_TIMER).doOnSuccess(done -> retryTimerRegistered = false);
    }

    private <T> Mono<T> load(String key, Class<T> type) {
        return getActorStateManager().contains(key)
                .flatMap(found -> found ? getActorStateManager().get(key, type) : Mono.empty());
    }

    private <T> Mono<List<T>> load(String key, TypeRef<List<T>> type) {
        return getActorStateManager().contains(key)
                .flatMap(found -> found ? getActorStateManager().get(key, type) : Mono.just(List.<T>of()));
    }
}
