package io.daca.chatagent.it.stack;

import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until an app instance can serve an actor type, the local counterpart of
 * testcontainers-dapr's {@code ActorWaitStrategy}: the app reports ready at
 * {@code /health/ready}, and its daprd's metadata shows the actor runtime ready to host, the
 * type registered and placement connected. It fails at once when daprd or placement has exited.
 */
public final class ActorHostWait {

    private final String actorType;

    public ActorHostWait(String actorType) {
        this.actorType = actorType;
    }

    public void await(String appUrl, DaprdProcess daprd, PlacementProcess placement, Duration timeout, String what) {
        String[] lastSeen = {"nothing yet"};
        Wait.until(what, timeout, () -> {
            daprd.requireAlive();
            placement.requireAlive();
            HttpResponse<String> ready = Http.get(appUrl + "/health/ready");
            Metadata metadata = daprd.metadata();
            lastSeen[0] = "app readiness " + (ready == null ? "no answer" : ready.statusCode())
                    + ", daprd actor runtime " + (metadata == null ? "no answer" : metadata.actorRuntime());
            return ready != null && ready.statusCode() == 200 && metadata != null && hosts(metadata.actorRuntime());
        }, () -> lastSeen[0]);
    }

    private boolean hosts(Metadata.ActorRuntime runtime) {
        return runtime.hostReady() && runtime.hosts(actorType) && runtime.placementConnected();
    }
}
