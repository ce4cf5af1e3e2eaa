package io.daca.chatagent.events;

import io.daca.chatagent.analytics.CountableEvent;
import io.daca.chatagent.chat.ChatMessage;
import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.chat.ConversationHistory;
import io.daca.chatagent.chat.TokenUsage;
import io.daca.chatagent.web.StrictJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A ConversationUpdated event as the subscriber sees it, parsed from the CloudEvent Dapr delivers.
 * {@code data} may be a JSON object (this service publishes one) or a JSON string holding one (the
 * Python reference publishes {@code json.dumps(...)}).
 *
 * @param cloudEventId the CloudEvent id; the dedupe key for events without a {@code seq}
 * @param seq          the publishing actor's sequence number, absent in reference events
 * @param namespace    the publisher's namespace, absent in reference events
 * @param original     the event as this service published it, when it is complete (for a dead
 *                     letter to be put back into its actor's outbox)
 * @param usage        the tokens the language model reported for the answer; null when the event
 *                     has none (template mode, the Python reference) or they are not well formed
 */
public record ReceivedEvent(String cloudEventId, String actorId, String input, String output,
                            OptionalLong seq, String namespace, Optional<ConversationEvent> original, TokenUsage usage) {

    public ReceivedEvent(String cloudEventId, String actorId, String input, String output, OptionalLong seq,
                         String namespace) {
        this(cloudEventId, actorId, input, output, seq, namespace, Optional.empty(), null);
    }

    /** Data that can never be handled, however often it is delivered. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }

    /** What analytics needs of it to count it once. */
    public CountableEvent countable() {
        return new CountableEvent(actorId, seq, cloudEventId, usage);
    }

    public static ReceivedEvent parse(String body) {
        return parse(read(body, "the CloudEvent"));
    }

    /** The event of a CloudEvent already parsed (an entry of a bulk delivery). */
    public static ReceivedEvent parse(JsonValue json) {
        JsonObject cloudEvent = object(json, "the CloudEvent");
        JsonValue data = cloudEvent.get("data");
        if (data == null || data.getValueType() == JsonValue.ValueType.NULL) {
            throw new MalformedEventException("the CloudEvent has no data");
        }
        JsonObject payload = data instanceof JsonString text
                ? object(read(text.getString(), "data"), "data")
                : object(data, "data");

        String actorId = text(payload, "actor_id");
        if (actorId == null || actorId.isBlank()) {
            throw new MalformedEventException("data has no actor_id");
        }
        OptionalLong seq = OptionalLong.empty();
        JsonValue seqValue = payload.get("seq");
        if (seqValue != null && seqValue.getValueType() != JsonValue.ValueType.NULL) {
            if (!(seqValue instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1) {
                throw new MalformedEventException("data.seq must be a positive integer");
            }
            seq = OptionalLong.of(number.longValue());
        }
        String id = text(cloudEvent, "id");
        if (seq.isEmpty() && (id == null || id.isBlank())) {
            throw new MalformedEventException("an event without data.seq needs a CloudEvent id");
        }
        String namespace = text(payload, "namespace");
        TokenUsage usage = usage(payload);
        Optional<ConversationEvent> original = seq.isPresent()
                ? message(payload, "input").flatMap(input -> message(payload, "output").map(output ->
                        ConversationEvent.of(actorId, ConversationHistory.stateKey(actorId), input, output,
                                seqOf(payload), namespace, usage)))
                : Optional.empty();
        return new ReceivedEvent(id, actorId, content(payload, "input"), content(payload, "output"), seq, namespace,
                original, usage);
    }

    /**
     * {@code usage}: three non-negative integer token counts, as this service publishes them. The
     * message is counted either way, so usage that is not well formed is left out, not a reason to
     * drop the event.
     */
    private static TokenUsage usage(JsonObject payload) {
        JsonValue part = payload.get("usage");
        if (part == null || part.getValueType() != JsonValue.ValueType.OBJECT) {
            return null;
        }
        long[] counts = new long[3];
        String[] names = {"prompt_tokens", "completion_tokens", "total_tokens"};
        for (int i = 0; i < names.length; i++) {
            if (!(part.asJsonObject().get(names[i]) instanceof JsonNumber number) || !number.isIntegral()
                    || number.longValue() < 0) {
                return null;
            }
            counts[i] = number.longValue();
        }
        return TokenUsage.reported(counts[0], counts[1], counts[2]);
    }

    private static long seqOf(JsonObject payload) {
        return payload.getJsonNumber("seq").longValue();
    }

    /** A complete {@code {"role":..,"content":..}} part, as this service publishes it. */
    private static Optional<ChatMessage> message(JsonObject payload, String name) {
        JsonValue part = payload.get(name);
        if (part == null || part.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.empty();
        }
        String role = text(part.asJsonObject(), "role");
        String content = text(part.asJsonObject(), "content");
        return role == null || content == null ? Optional.empty() : Optional.of(new ChatMessage(role, content));
    }

    private static JsonValue read(String json, String what) {
        try {
            return StrictJson.parse(json);
        } catch (StrictJson.InvalidJsonException e) {
            throw new MalformedEventException(what + " " + e.getMessage());
        }
    }

    private static JsonObject object(JsonValue value, String what) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedEventException(what + " must be a JSON object");
        }
        return value.asJsonObject();
    }

    private static String text(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString string ? string.getString() : null;
    }

    /** The reference logs "no message"/"no response" when a part is missing; so do we. */
    private static String content(JsonObject payload, String name) {
        JsonValue part = payload.get(name);
        if (part != null && part.getValueType() == JsonValue.ValueType.OBJECT) {
            String content = text(part.asJsonObject(), "content");
            if (content != null) {
                return content;
            }
        }
        return name.equals("input") ? "no message" : "no response";
    }
}
