package io.daca.chatagent.observe;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;

/**
 * Times every request that reached a resource method, from its arrival to its answer (for the
 * asynchronous chat and analytics methods that is when the answer is written, not when the method
 * returned): {@code http_request_duration_seconds{operation="ChatResource.send",status="200"}}, the chat
 * latency among them.
 */
@Provider
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    @Inject
    AppMetrics metrics;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started) || resource == null
                || resource.getResourceMethod() == null) {
            return; // not matched to a resource method (a 404): nothing to time
        }
        String operation = resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
        metrics.requestFinished(operation, response.getStatus(), Duration.ofNanos(System.nanoTime() - started));
    }
}
