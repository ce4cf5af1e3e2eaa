package io.daca.chatagent.observe;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Takes each request's {@code traceparent}/{@code tracestate} as the serving thread's {@link TraceContext}. */
@Provider
@PreMatching
public class TraceContextFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        TraceContext.enter(TraceContext.of(request.getHeaderString(TraceContext.TRACEPARENT),
                request.getHeaderString(TraceContext.TRACESTATE)));
    }
}
