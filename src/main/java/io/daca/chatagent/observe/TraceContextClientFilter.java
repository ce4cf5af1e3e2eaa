package io.daca.chatagent.observe;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Sends the current request's {@link TraceContext} on a MicroProfile Rest Client call (to daprd's
 * HTTP API: service invocation, metadata), so daprd continues the caller's trace.
 */
public class TraceContextClientFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        TraceContext context = TraceContext.current();
        if (context.isPresent() && !request.getHeaders().containsKey(TraceContext.TRACEPARENT)) {
            request.getHeaders().putSingle(TraceContext.TRACEPARENT, context.traceparent());
            if (context.tracestate() != null) {
                request.getHeaders().putSingle(TraceContext.TRACESTATE, context.tracestate());
            }
        }
    }
}
