package io.daca.chatagent.events;

import io.daca.chatagent.analytics.AnalyticsStore;
import io.daca.chatagent.analytics.Deliveries;
import io.daca.chatagent.chat.ChatAgentOperations;
import io.daca.chatagent.chat.UserId;
import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.web.JsonValues;
import io.daca.chatagent.web.StrictJson;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorProxyBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the app does with an event daprd delivers: count it, drop it, or take a dead letter back.
 *
 * <p>Answers follow Dapr's contract: {@code SUCCESS} when handled (counted, or a duplicate),
 * {@code RETRY} when the state store failed (Dapr redelivers), {@code DROP} for data that can never
 * be handled (Dapr moves it to the dead-letter topic instead of redelivering it forever).
 */
@ApplicationScoped
public class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());

    @Inject
    InstanceSettings instance;

    @Inject
    AnalyticsStore analytics;

    @Inject
    Deliveries deliveries;

    @Inject
    ChatSettings chat;

    @Inject
    DaprSettings dapr;

    @Inject
    ActorProxyBuilder<ChatAgentOperations> actors;

    @Inject
    EventWork work;

    /** An event to handle, or why it is dropped. */
    private record Accepted(ReceivedEvent event, String dropReason) {
        static Accepted drop(String reason) {
            return new Accepted(null, reason);
        }
    }

    /** What daprd reads back from a delivery. */
    public interface Answer {
        /** The body daprd reads. */
        String toJson();
    }

    /** Dapr's answer to a delivery: {@code SUCCESS}, {@code RETRY} or {@code DROP}, and why. */
    public record Ack(String status, String detail) implements Answer {
        static Ack success(String detail) {
            return new Ack("SUCCESS", detail);
        }

        /** {@code {"status":...,"detail":...}}. */
        @Override
        public String toJson() {
            return JsonValues.object().add("status", status).add("detail", detail == null ? "" : detail)
                    .build().toString();
        }
    }

    /** The answers to the entries of a bulk delivery, by entry id. */
    public record BatchAnswer(List<String> entryIds, List<Ack> acks) implements Answer {

        /** {@code {"statuses":[{"entryId":...,"status":...}, ...]}}. */
        @Override
        public String toJson() {
            JsonArrayBuilder statuses = JsonValues.array();
            for (int i = 0; i < entryIds.size(); i++) {
                statuses.add(JsonValues.object().add("entryId", entryIds.get(i)).add("status", acks.get(i).status()));
            }
            return JsonValues.object().add("statuses", statuses).build().toString();
        }
    }

    /**
     * The answer to an event delivered on {@link SubscriptionResource#ROUTE} or
     * {@link SubscriptionResource#UNTYPED_ROUTE}: counted (or a duplicate), dropped, or to redeliver.
     * It runs on the calling request thread: its blocking calls go to the state store only, never
     * back into this app, and daprd bounds how many deliveries are in flight (the pub/sub's
     * concurrency), so request threads stay free for actor callbacks; a hop to another thread cost
     * an async request, a task hand-off and the async completion's listeners per event.
     */
    public Answer deliver(String route, String body) {
        if (route.equals(SubscriptionResource.DEAD_LETTER_ROUTE)) {
            throw new IllegalArgumentException("dead letters are taken back with deliverDeadLetter");
        }
        JsonValue json = parsedOrNull(body);
        if (json instanceof JsonObject envelope && envelope.get("entries") instanceof JsonArray entries) {
            return handleBatch(route, entries);
        }
        return handle(route, json == null ? () -> ReceivedEvent.parse(body == null ? "" : body)
                : () -> ReceivedEvent.parse(json), () -> body);
    }

    private static JsonValue parsedOrNull(String body) {
        try {
            return StrictJson.parse(body == null ? "" : body);
        } catch (StrictJson.InvalidJsonException e) {
            return null;
        }
    }

    /**
     * The answer to an event on {@link SubscriptionResource#DEAD_LETTER_ROUTE}, which Dapr gave up
     * on: dropped as malformed (it stays dropped, logged and counted under its answer), or
     * delivered until the retries ran out while analytics could not count it. The latter goes back
     * into its actor's outbox (durable, retried by the outbox sweeper with backoff, published again
     * and counted once by its seq); an event without a seq (the Python reference's) is counted here
     * if analytics can, or redelivered. It runs on {@link EventWork}: requeueing calls the actor,
     * whose callback needs a request thread of this app.
     */
    public CompletionStage<Ack> deliverDeadLetter(String body) {
        return CompletableFuture.supplyAsync(() -> handleDeadLetter(body), work.executor());
    }

    private Ack handle(String route, Supplier<ReceivedEvent> parse, Supplier<String> body) {
        deliveries.received(route);
        Accepted accepted = accept(route, parse, body);
        if (accepted.event() == null) {
            return answered(route, new Ack("DROP", accepted.dropReason()));
        }
        return answered(route, count(accepted.event()));
    }

    /**
     * A bulk delivery ({@code {"entries":[{"entryId":..,"event":{CloudEvent}},...]}}): every
     * entry is accepted or dropped on its own, and the accepted ones are counted in one pass
     * ({@link AnalyticsStore#recordAll}); if that fails they are all answered RETRY and daprd
     * redelivers them (what the pass counted meanwhile is recognised then). An entry without an
     * id cannot be answered: daprd retries it as unanswered.
     */
    private BatchAnswer handleBatch(String route, JsonArray entries) {
        deliveries.batch(route);
        List<String> ids = new ArrayList<>();
        List<Ack> acks = new ArrayList<>();
        List<Integer> toCount = new ArrayList<>();
        List<ReceivedEvent> events = new ArrayList<>();
        for (JsonValue entry : entries) {
            if (!(entry instanceof JsonObject object) || !(object.get("entryId") instanceof JsonString id)) {
                LOG.warning(() -> "A bulk delivery on " + route + " has an entry without an entryId; daprd will retry it");
                continue;
            }
            deliveries.received(route);
            JsonValue event = object.get("event") == null ? JsonValue.NULL : object.get("event");
            Accepted accepted = accept(route, () -> ReceivedEvent.parse(event), event::toString);
            ids.add(id.getString());
            acks.add(accepted.event() == null ? new Ack("DROP", accepted.dropReason()) : null);
            if (accepted.event() != null) {
                toCount.add(acks.size() - 1);
                events.add(accepted.event());
            }
        }
        if (!events.isEmpty()) {
            try {
                List<AnalyticsStore.Outcome> outcomes = analytics.recordAll(events.stream().map(ReceivedEvent::countable).toList());
                for (int i = 0; i < outcomes.size(); i++) {
                    acks.set(toCount.get(i), success(outcomes.get(i)));
                }
            } catch (AnalyticsStore.AnalyticsUnavailableException e) {
                LOG.warning(() -> "Asking Dapr to redeliver " + events.size() + " event(s) of a batch: " + e.getMessage());
                toCount.forEach(i -> acks.set(i, new Ack("RETRY", e.getMessage())));
            }
        }
        acks.forEach(ack -> answered(route, ack));
        return new BatchAnswer(ids, acks);
    }

    private Ack handleDeadLetter(String body) {
        deliveries.received(SubscriptionResource.DEAD_LETTER_ROUTE);
        Accepted accepted = accept(SubscriptionResource.DEAD_LETTER_ROUTE,
                () -> ReceivedEvent.parse(body == null ? "" : body), () -> body);
        if (accepted.event() == null) {
            return answered(SubscriptionResource.DEAD_LETTER_ROUTE, new Ack("DROP", accepted.dropReason()));
        }
        ReceivedEvent event = accepted.event();
        if (event.original().isEmpty()) {
            return answered(SubscriptionResource.DEAD_LETTER_ROUTE, count(event));
        }
        try {
            int waiting = actors.build(new ActorId(event.actorId())).requeue(event.original().get())
                    .block(dapr.actorCallTimeout());
            LOG.info(() -> "Dead letter of user " + event.actorId() + " (seq " + event.seq().getAsLong()
                    + ") is back in its outbox; " + waiting + " event(s) waiting there");
            return answered(SubscriptionResource.DEAD_LETTER_ROUTE, Ack.success("requeued in the actor's outbox"));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Asking Dapr to redeliver the dead letter of user " + event.actorId() + ": " + e.getMessage());
            return answered(SubscriptionResource.DEAD_LETTER_ROUTE, new Ack("RETRY", "could not requeue: " + e.getMessage()));
        }
    }

    /**
     * The event if it is one to handle, or (logged) why it must be dropped; {@code body} is
     * written out only for that log, at FINE.
     */
    private Accepted accept(String route, Supplier<ReceivedEvent> parse, Supplier<String> body) {
        ReceivedEvent event;
        try {
            event = parse.get();
            UserId.parse(event.actorId(), chat.maxActorIdLength());
        } catch (ReceivedEvent.MalformedEventException | ApiException e) {
            LOG.warning(() -> "Dropping malformed event on " + route + ": " + abbreviate(e.getMessage()));
            // The body may hold message text, which is personal data: never above FINE.
            LOG.fine(() -> "The malformed event: " + abbreviate(body.get()));
            return Accepted.drop(e.getMessage());
        }
        if (event.namespace() != null && !event.namespace().equals(instance.namespace())) {
            LOG.warning(() -> "Dropping event of namespace '" + event.namespace() + "' in namespace '"
                    + instance.namespace() + "' for user " + event.actorId());
            return Accepted.drop("event belongs to namespace " + event.namespace());
        }
        // Message text is personal data: never above FINE.
        LOG.fine(() -> "Received event on " + route + ": User " + event.actorId() + " sent '" + event.input()
                + "', got '" + event.output() + "'");
        return new Accepted(event, null);
    }

    private Ack count(ReceivedEvent event) {
        try {
            return success(analytics.record(event.countable()));
        } catch (AnalyticsStore.AnalyticsUnavailableException e) {
            LOG.warning(() -> "Asking Dapr to redeliver the event of user " + event.actorId() + ": " + e.getMessage());
            return new Ack("RETRY", e.getMessage());
        }
    }

    private static Ack success(AnalyticsStore.Outcome outcome) {
        return Ack.success(outcome == AnalyticsStore.Outcome.COUNTED ? "counted" : "duplicate, not counted again");
    }

    private Ack answered(String route, Ack ack) {
        deliveries.answered(route, ack.status());
        return ack;
    }

    /** A body for the log: one line, at most 300 characters, control characters escaped. */
    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        String cut = oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
        StringBuilder escaped = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
