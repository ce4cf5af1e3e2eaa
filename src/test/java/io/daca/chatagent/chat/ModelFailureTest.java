package io.daca.chatagent.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFailureTest {

    @Test
    void eachKindIsRecognisedInTheTextDaprdRelays() {
        for (ModelFailure.Kind kind : ModelFailure.Kind.values()) {
            ModelFailure failure = new ModelFailure(kind, "llm", "why", null);
            // How the actor client reports an actor's failure: daprd wraps the callback's problem detail.
            String relayed = "INTERNAL: error invoke actor method: error from actor service: (500) "
                    + "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,\"detail\":\""
                    + failure.getMessage() + "\"}";
            assertEquals(Optional.of(kind), ModelFailure.Kind.in(relayed), relayed);
            assertTrue(failure.getMessage().contains("'llm'") && failure.getMessage().endsWith(": why"));
        }
    }

    @Test
    void otherFailuresAreNoModelFailures() {
        assertEquals(Optional.empty(), ModelFailure.Kind.in("UNAVAILABLE: io exception"));
        assertEquals(Optional.empty(), ModelFailure.Kind.in(null));
    }

    @Test
    void aProviderErrorAndAnEmptyAnswerAre502AndATimeoutIs504() {
        assertEquals(502, ModelFailure.Kind.FAILED.status().getStatusCode());
        assertEquals(502, ModelFailure.Kind.EMPTY.status().getStatusCode());
        assertEquals(504, ModelFailure.Kind.TIMED_OUT.status().getStatusCode());
    }
}
