package io.daca.chatagent.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The sidecar and how to talk to it (keys {@code dapr.*}, plus {@code app.api-token}, the token
 * daprd presents to the app).
 *
 * @param appId               this app's Dapr app id, the target of its own service invocation
 * @param sidecarHost         where daprd listens ({@code dapr.sidecar.ip})
 * @param actorCallTimeout    the deadline of one actor call, after which the client gets a 503:
 *                            {@code dapr.actor-call-timeout-ms}, plus {@code chat.conversation.timeout-ms}
 *                            in conversation mode
 * @param healthTimeout       the readiness probe's (and metadata call's) wait for daprd
 * @param invokeTimeout       connect/read timeout of calls through service invocation
 * @param apiToken            {@code DAPR_API_TOKEN}: the app presents it to daprd
 * @param appApiToken         {@code APP_API_TOKEN}: daprd presents it to the app
 */
public record DaprSettings(String appId, String sidecarHost, int httpPort, int grpcPort,
                           Duration actorCallTimeout, Duration healthTimeout, Duration invokeTimeout,
                           Optional<String> apiToken, Optional<String> appApiToken) {

    /** The base URL of the sidecar's HTTP API, e.g. {@code http://127.0.0.1:3500}. */
    public String httpUrl() {
        return "http://" + sidecarHost + ":" + httpPort;
    }
}
