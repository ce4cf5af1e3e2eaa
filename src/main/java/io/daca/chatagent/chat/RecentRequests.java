package io.daca.chatagent.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idempotency keys an actor answered most recently, with their answers, newest last. Stored
 * under the actor's {@code requests} key, and only for users whose clients send keys.
 */
public record RecentRequests(@JsonProperty("answered") List<Answered> answered) {

    /** One request's key and the reply it got. */
    public record Answered(@JsonProperty("key") String key, @JsonProperty("reply") ChatMessage reply) {
    }

    public RecentRequests {
        answered = answered == null ? List.of() : List.copyOf(answered);
    }

    public static RecentRequests none() {
        return new RecentRequests(List.of());
    }

    public Optional<ChatMessage> replyTo(String key) {
        for (int i = answered.size() - 1; i >= 0; i--) {
            if (answered.get(i).key().equals(key)) {
                return Optional.of(answered.get(i).reply());
            }
        }
        return Optional.empty();
    }

    /** These plus the new answer, keeping the newest {@code kept}. */
    public RecentRequests with(String key, ChatMessage reply, int kept) {
        List<Answered> more = new ArrayList<>(answered);
        more.add(new Answered(key, reply));
        return new RecentRequests(more.subList(Math.max(0, more.size() - kept), more.size()));
    }
}
