package io.daca.chatagent.config;

import java.time.Duration;

/** The actor runtime settings daprd reads from {@code GET /dapr/config} (keys {@code actors.*}). */
public record ActorSettings(Duration idleTimeout, Duration scanInterval, Duration drainOngoingCallTimeout,
                            boolean drainRebalancedActors) {
}
