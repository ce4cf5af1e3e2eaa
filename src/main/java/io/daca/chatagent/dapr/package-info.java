/**
 * The Dapr side of the application, knowing no feature: the SDK clients, the app-callback routes
 * daprd uses to host actors here, the app-token guard on callback routes, the sidecar's health and
 * metadata API, and how a failed call to daprd is told apart (outage or ETag conflict) and
 * answered (503). Depends on {@code config} and {@code web}.
 */
package io.daca.chatagent.dapr;
