package io.daca.chatagent.config;

import java.time.Duration;

/**
 * The actor runtime settings daprd reads from {@code GET /dapr/config} (keys {@code actors.*}), and
 * {@code keptStateBytes}: how much of the heap the active actors of this instance may keep between
 * their calls ({@code actors.kept-state-bytes}).
 */
public record ActorSettings(Duration idleTimeout, Duration scanInterval, Duration drainOngoingCallTimeout,
                            boolean drainRebalancedActors, long keptStateBytes) {
}
