package io.daca.chatagent.chat;

import io.daca.chatagent.partition.ActiveActors;
import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.utils.TypeRef;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ChatAgent actor. Dapr guarantees turn-based access (one call at a time per actor id), so a
 * read-modify-write of the state inside a method is safe. The rules live in {@link Conversation}
 * and {@link Outbox}; the actor loads, applies, commits and publishes.
 *
 * <p>Each processed message becomes a ConversationUpdated event that is first saved in the
 * actor's outbox, in the same state transaction as the history, and only then published. A
 * publish that fails leaves the event in the outbox; a timer retries it until the pubsub takes it,
 * and the next message or activation tries again too. So an acknowledged message's event is never
 * lost; at worst it is delivered twice, which consumers detect by its {@code seq}.
 */
public class ChatAgentActor extends AbstractActor implements ChatAgent, ChatAgentLocator, OutboxRetryTimer {

    /** What every ChatAgent needs from the application, given by the actor factory. */
    public record Settings(int historyWindow, String namespace, String hostId, ConversationEvents events,
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
        // Events a previous activation could not publish (e.g. its host died) go out now.
        LOG.fine(() -> "Activating actor for " + historyKey + " on host " + settings.hostId());
        settings.activeActors().activated(getId().toString());
        return loadOutbox().flatMap(outbox -> outbox.isEmpty() ? Mono.<Void>empty() : ensureRetryTimer());
    }

    @Override
    protected Mono<Void> onDeactivate() {
        settings.activeActors().deactivated(getId().toString());
        return Mono.empty();
    }

    @Override
    public Mono<ChatMessage> processMessage(ChatMessage message) {
        ChatMessage reply = ConversationHistory.replyTo(message);
        return loadConversation()
                .map(conversation -> conversation.after(message, reply, settings.historyWindow(), getId().toString(),
                        settings.namespace()))
                .flatMap(this::stage)
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
        return read(historyKey, HISTORY, List.of()).map(history -> history.toArray(ChatMessage[]::new));
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

    private Mono<Conversation> loadConversation() {
        return Mono.zip(read(historyKey, HISTORY, List.of()), read(SEQ_KEY, Long.class, 0L), loadOutbox())
                .map(state -> new Conversation(state.getT1(), state.getT2(), state.getT3()));
    }

    private Mono<Void> stage(Conversation conversation) {
        return getActorStateManager().set(historyKey, conversation.history())
                .then(getActorStateManager().set(SEQ_KEY, conversation.lastSeq()))
                .then(getActorStateManager().set(OUTBOX_KEY, conversation.outbox().events()));
    }

    private Mono<Outbox> loadOutbox() {
        return read(OUTBOX_KEY, EVENTS, List.of()).map(Outbox::new);
    }

    /**
     * Publishes the outbox in order and keeps what could not be published. Never fails: a pubsub
     * outage must not fail the chat message that was already committed.
     */
    private Mono<Void> flushOutbox() {
        return loadOutbox().flatMap(outbox -> {
            if (outbox.isEmpty()) {
                return stopRetryTimer();
            }
            return Flux.fromIterable(outbox.events())
                    .concatMap(event -> settings.events().publish(event).thenReturn(event))
                    .onErrorResume(error -> {
                        LOG.warning(() -> "Actor " + getId() + ": publishing ConversationUpdated failed, "
                                + "kept in the outbox for retry: " + error);
                        return Mono.empty();
                    })
                    .count()
                    .flatMap(published -> {
                        Outbox left = outbox.afterPublishing(published.intValue());
                        Mono<Void> save = getActorStateManager().set(OUTBOX_KEY, left.events());
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

    /**
     * One key's value, or {@code absent} when it was never written: one sidecar read on the
     * first touch (the state manager caches what it read or was given), none after.
     */
    private <T> Mono<T> read(String key, Class<T> type, T absent) {
        return getActorStateManager().get(key, type)
                .onErrorResume(NoSuchElementException.class, missing -> Mono.just(absent));
    }

    private <T> Mono<T> read(String key, TypeRef<T> type, T absent) {
        return getActorStateManager().get(key, type)
                .onErrorResume(NoSuchElementException.class, missing -> Mono.just(absent));
    }
}
