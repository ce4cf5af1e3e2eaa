package io.daca.chatagent.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One change of a user's counter that its shard's totals must take: {@code users} is 1 when the
 * user enters the totals, {@code messages} what its count moved by (negative after an initialize
 * to a lower count). {@code op} numbers the user's changes, 1, 2, 3... in the order they were
 * written to the counter.
 */
public record TotalsDelta(@JsonProperty("op") long op, @JsonProperty("users") long users,
                          @JsonProperty("messages") long messages) {

    boolean isEmpty() {
        return users == 0 && messages == 0;
    }
}
