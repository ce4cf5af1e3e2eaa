package io.daca.chatagent.dapr;

/**
 * A CDI event: this instance's daprd has (re)started, told by its read of {@code GET /dapr/config},
 * which daprd makes once each time it starts, before it hosts any actor here. A daprd that was
 * killed deactivated nothing in this app, and while it was away the actors it hosted may have
 * lived on another host: what the app kept of them is no longer surely current.
 */
public record SidecarStarted() {
}
