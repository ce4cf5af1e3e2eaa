package io.daca.chatagent.chat;

import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.utils.TypeRef;
import java.util.List;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The ChatAgent actor. Dapr guarantees turn-based access (one call at a time per actor id), so a
 * read-modify-write of the history inside a method is safe; the SDK saves the state after each
 * method returns.
 */
public class ChatAgentActor extends AbstractActor implements ChatAgent {

    private static final Logger LOG = Logger.getLogger(ChatAgentActor.class.getName());
    private static final TypeRef<List<ChatMessage>> HISTORY = new TypeRef<>() { };

    private final String historyKey;
    private final int historyWindow;

    public ChatAgentActor(ActorRuntimeContext<ChatAgentActor> context, ActorId id, int historyWindow) {
        super(context, id);
        this.historyKey = ConversationHistory.stateKey(id.toString());
        this.historyWindow = historyWindow;
    }

    @Override
    protected Mono<Void> onActivate() {
        // Initialised on activation, as the reference does, so every later read finds a list.
        return getActorStateManager().contains(historyKey)
                .flatMap(found -> {
                    LOG.fine(() -> "Activating actor " + getId() + (found ? " with stored history" : ", new history"));
                    return found ? Mono.<Void>empty() : getActorStateManager().set(historyKey, List.of());
                });
    }

    @Override
    public Mono<ChatMessage> processMessage(ChatMessage message) {
        ChatMessage reply = ConversationHistory.replyTo(message);
        return loadHistory()
                .map(history -> ConversationHistory.append(history, message, reply, historyWindow))
                .flatMap(updated -> getActorStateManager().set(historyKey, updated))
                .then(Mono.fromSupplier(() -> {
                    LOG.fine(() -> "Processed message for actor " + getId());
                    return reply;
                }));
    }

    @Override
    public Mono<ChatMessage[]> getConversationHistory() {
        return loadHistory().map(history -> history.toArray(ChatMessage[]::new));
    }

    private Mono<List<ChatMessage>> loadHistory() {
        return getActorStateManager().contains(historyKey)
                .flatMap(found -> found
                        ? getActorStateManager().get(historyKey, HISTORY)
                        : Mono.just(List.<ChatMessage>of()));
    }
}
