package io.daca.chatagent.chat;

import io.daca.chatagent.partition.ActiveActors;
import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import java.util.List;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The ChatAgent actor. Dapr guarantees turn-based access (one call at a time per actor id), so a
 * read-modify-write of the state inside a method is safe. The rules live in {@link Conversation},
 * {@link Outbox} and {@link RecentRequests}; the actor loads, applies, commits and publishes.
 *
 * <p><b>State costs.</b> The conversation is read once per activation ({@link ConversationStore#load})
 * and kept (between calls in {@link KeptStates}, within a budget). A later call uses it as it is
 * when the call before it ended well and daprd has not restarted since; otherwise it first checks
 * the small {@code event-seq} key against it, which changes with every exchange, so a conversation
 * written meanwhile by another host (after a daprd restart moved the actor and back), or by a commit
 * whose answer was lost, is read again instead of overwritten. Each message is one state
 * transaction: history, seq and outbox together.
 *
 * <p><b>Answers.</b> The {@link Responder} answers inside the actor's turn (so one user's messages
 * never reach a model side by side) and before anything is written: if it fails (a language model
 * erred, timed out or said nothing), the call fails and the conversation stays as it was.
 *
 * <p><b>Events.</b> Each message's ConversationUpdated event is committed in the outbox with the
 * exchange, then published. Events that went out are dropped from the outbox in memory and from
 * the store with the next transaction (a crash before it republishes them; consumers count by
 * {@code seq}, so that is harmless). A publish that fails leaves the event in the outbox and lists
 * the actor in {@link PendingOutboxes} before the caller gets its answer, so {@link OutboxSweeper}
 * retries it whatever happens to this process; if neither works the caller gets an error (the
 * message is stored; a retry with the same idempotency key is safe). The outbox holds at most
 * {@code events.outbox-capacity} events: beyond that new messages are refused until the pubsub
 * takes them.
 */
public class ChatAgentActor extends AbstractActor implements ChatAgent, ChatAgentOperations {

    /** What every ChatAgent needs from the application, given by the actor factory. */
    public record Settings(int historyWindow, String namespace, String hostId, int requestsKept,
                           int outboxCapacity, int flushSlice, ConversationStore store, ConversationEvents events,
                           PendingOutboxes pending, ActiveActors activeActors, Responder responder, KeptStates kept) {
    }

    /** The outbox is full: the pubsub has not taken events for a while. */
    public static class OutboxFullException extends IllegalStateException {
        OutboxFullException(String message) {
            super(message);
        }
    }

    /** How the refusal of a full outbox reads; {@link ChatService} recognises it in the error daprd relays. */
    static final String OUTBOX_FULL = "events waiting for the pubsub";

    private static final Logger LOG = Logger.getLogger(ChatAgentActor.class.getName());

    private final String actorId;
    private final Settings settings;
    /** As last read or committed, during a call; between calls it is in {@link KeptStates}. */
    private Conversation conversation;
    /** Read the first time a request brings an idempotency key; null until then, and between calls. */
    private RecentRequests requests;
    /** True while this actor may be listed in {@link PendingOutboxes}. */
    private boolean maybeListed;
    /** During a call: {@link #conversation} is surely what the store holds (no need to check its seq). */
    private boolean sure;

    public ChatAgentActor(ActorRuntimeContext<ChatAgentActor> context, ActorId id, Settings settings) {
        super(context, id);
        this.actorId = id.toString();
        this.settings = settings;
    }

    @Override
    protected Mono<Void> onActivate() {
        LOG.fine(() -> "Activating actor " + actorId + " on host " + settings.hostId());
        settings.activeActors().activated(actorId);
        return Mono.empty();
    }

    @Override
    protected Mono<Void> onDeactivate() {
        settings.activeActors().deactivated(actorId);
        settings.kept().forget(actorId);
        return Mono.empty();
    }

    /**
     * One call (turn) of this actor: it takes its state from {@link KeptStates} and gives it back
     * when it ends, so between calls the state counts against the instance's budget and may be
     * evicted (the next call then reads it again, like a new activation: the seq check makes a
     * kept state safe, and a reread outbox republishes events that went out, which consumers count
     * once by seq). Given back before the call's answer goes out, so the next call, which daprd
     * starts only after that answer, finds it; as sure only when the call ended well.
     */
    private <T> Mono<T> turn(Mono<T> call) {
        return Mono.defer(() -> {
            KeptStates.Kept kept = settings.kept().take(actorId);
            if (kept != null) {
                conversation = kept.state().conversation();
                requests = kept.state().requests();
                sure = kept.sure();
            }
            return call;
        }).doOnSuccess(result -> giveBack(true)).doOnError(error -> giveBack(false)).doOnCancel(() -> giveBack(false));
    }

    private void giveBack(boolean ended) {
        if (conversation != null) {
            settings.kept().give(actorId, new KeptStates.State(conversation, requests), ended);
        }
        conversation = null;
        requests = null;
        sure = false;
    }

    @Override
    public Mono<ChatMessage> processMessage(ChatMessage message) {
        return turn(current().flatMap(loaded -> exchange(message, null)));
    }

    @Override
    public Mono<ChatMessage> processMessageOnce(ChatRequest request) {
        if (request.idempotencyKey() == null) {
            return processMessage(request.message());
        }
        String key = request.idempotencyKey();
        return turn(current().then(recentRequests()).flatMap(recent -> recent.replyTo(key)
                .map(first -> flush().thenReturn(first))
                .orElseGet(() -> exchange(request.message(), key))));
    }

    @Override
    public Mono<ChatMessage[]> getConversationHistory() {
        return turn(current().map(loaded -> loaded.history().toArray(ChatMessage[]::new)));
    }

    @Override
    public Mono<String> getHost() {
        return Mono.just(settings.hostId());
    }

    @Override
    public Mono<Integer> flushOutbox() {
        return turn(current().then(flush()).then(Mono.defer(() -> {
            Outbox left = conversation.outbox();
            if (!left.isEmpty()) {
                return Mono.just(left.size());
            }
            // Persist the empty outbox (so a later activation republishes nothing), then unlist.
            return settings.store().commitOutbox(actorId, left).then(unlist()).thenReturn(0);
        })));
    }

    @Override
    public Mono<Integer> requeue(ConversationEvent event) {
        if (!actorId.equals(event.actorId())) {
            return Mono.error(new IllegalArgumentException("event of actor " + event.actorId() + " sent to " + actorId));
        }
        return turn(current().flatMap(loaded -> {
            Outbox outbox = loaded.outbox().requeue(event);
            if (outbox.size() > settings.outboxCapacity()) {
                return Mono.error(new OutboxFullException("actor " + actorId + " has " + loaded.outbox().size()
                        + " " + OUTBOX_FULL + "; the dead letter is not taken back now"));
            }
            if (outbox == loaded.outbox()) {
                return flush().then(Mono.fromSupplier(() -> conversation.outbox().size()));
            }
            Conversation next = new Conversation(loaded.history(), loaded.lastSeq(), outbox);
            return settings.store().commitOutbox(actorId, outbox)
                    .doOnSuccess(done -> conversation = next)
                    .then(flush())
                    .then(Mono.fromSupplier(() -> conversation.outbox().size()));
        }));
    }

    /**
     * Answers, appends, commits, publishes; the reply once the exchange is stored and its event
     * handed on. A full outbox refuses the message before the responder is asked.
     */
    private Mono<ChatMessage> exchange(ChatMessage message, String key) {
        if (conversation.outbox().size() >= settings.outboxCapacity()) {
            return flush().then(Mono.defer(() -> conversation.outbox().size() >= settings.outboxCapacity()
                    ? Mono.error(new OutboxFullException("actor " + actorId + " has " + conversation.outbox().size()
                            + " " + OUTBOX_FULL + "; new messages are refused until it takes them"))
                    : exchange(message, key)));
        }
        return settings.responder().answer(conversation.history(), message)
                .flatMap(answer -> commit(message, answer, key));
    }

    /** Stores the exchange with its answer, then publishes; nothing was written before this. */
    private Mono<ChatMessage> commit(ChatMessage message, Responder.Answer answer, String key) {
        ChatMessage reply = answer.reply();
        Conversation next = conversation.after(message, reply, answer.usage(), settings.historyWindow(), actorId,
                settings.namespace());
        RecentRequests answered = key == null ? null : requests.with(key, reply, settings.requestsKept());
        return settings.store().commit(actorId, next, answered)
                .doOnSuccess(done -> {
                    conversation = next;
                    if (answered != null) {
                        requests = answered;
                    }
                })
                .then(flush())
                .then(Mono.fromSupplier(() -> {
                    LOG.fine(() -> "Processed message for actor " + actorId + " on host " + settings.hostId());
                    return reply;
                }));
    }

    /**
     * Publishes the oldest events of the outbox in order, at most {@code flushSlice}, and forgets
     * (in memory) those that went out. If some are left because a publish failed, the actor is
     * listed as pending before this completes; if that fails too, so does this.
     */
    private Mono<Void> flush() {
        // Deferred: the outbox to publish is the one when this step runs, not when it was chained.
        return Mono.defer(this::flushNow);
    }

    private Mono<Void> flushNow() {
        List<ConversationEvent> waiting = conversation.outbox().events();
        if (waiting.isEmpty()) {
            return Mono.empty();
        }
        List<ConversationEvent> slice = waiting.subList(0, Math.min(waiting.size(), settings.flushSlice()));
        return Flux.fromIterable(slice)
                .concatMap(event -> settings.events().publish(event).thenReturn(event))
                .onErrorResume(error -> {
                    LOG.warning(() -> "Actor " + actorId + ": publishing ConversationUpdated failed, "
                            + "kept in the outbox for retry: " + error);
                    return Mono.empty();
                })
                .count()
                .flatMap(published -> {
                    conversation = new Conversation(conversation.history(), conversation.lastSeq(),
                            conversation.outbox().afterPublishing(published.intValue()));
                    return listIfLeft();
                });
    }

    /** Pending events: make sure the sweeper will come. None: the sweeper need not come any more. */
    private Mono<Void> listIfLeft() {
        if (conversation.outbox().isEmpty()) {
            return maybeListed ? unlist().onErrorResume(error -> Mono.empty()) : Mono.empty();
        }
        return Mono.fromRunnable(() -> settings.pending().add(actorId))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(done -> maybeListed = true)
                .then();
    }

    private Mono<Void> unlist() {
        return Mono.defer(() -> !maybeListed ? Mono.<Void>empty() : Mono.fromRunnable(() -> settings.pending().remove(actorId))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(done -> maybeListed = false)
                .then());
    }

    /**
     * The conversation as stored: read on the first call; then as kept when that is sure, else
     * checked through its seq first.
     */
    private Mono<Conversation> current() {
        return Mono.defer(() -> conversation == null ? load()
                : sure ? Mono.just(conversation)
                : settings.store().lastSeq(actorId)
                        .flatMap(seq -> seq == conversation.lastSeq() ? Mono.just(conversation) : load()));
    }

    private Mono<Conversation> load() {
        requests = null;
        return settings.store().load(actorId).doOnNext(loaded -> {
            conversation = loaded;
            // Left over from an earlier activation: it may be listed, and the sweeper will call.
            maybeListed = !loaded.outbox().isEmpty();
        });
    }

    private Mono<RecentRequests> recentRequests() {
        return Mono.defer(() -> requests != null ? Mono.just(requests)
                : settings.store().requests(actorId).doOnNext(read -> requests = read));
    }
}
