package io.daca.chatagent.dapr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dapr.actors.client.ActorClient;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * The SDK clients keep their gRPC channels where {@link ChannelBackoff} looks (an SDK upgrade that
 * moves them fails here, not silently after a daprd restart). Channels connect lazily: no daprd is
 * needed to build the clients.
 */
class ChannelBackoffTest {

    @Test
    void theDaprClientAndTheActorClientEachHaveOneChannelToReconnect() throws Exception {
        try (DaprClient dapr = new DaprClientBuilder().build(); ActorClient actors = new ActorClient()) {
            assertEquals(1, ChannelBackoff.resetIn(dapr));
            assertEquals(1, ChannelBackoff.resetIn(actors));
        }
    }

    @Test
    void anythingElseHasNone() {
        assertEquals(0, ChannelBackoff.resetIn("not a client"));
        assertEquals(0, ChannelBackoff.resetIn(null));
    }
}
