/**
 * What operators look at: the application's metrics (MicroProfile Metrics, served by Payara at
 * {@code /metrics} in Prometheus format), request timing, JSON log lines, and W3C trace context
 * carried from incoming requests into the app's own outgoing calls. The other packages report into
 * it through small hooks ({@link io.daca.chatagent.observe.AppMetrics}); it depends on nothing
 * else in the application.
 */
package io.daca.chatagent.observe;
