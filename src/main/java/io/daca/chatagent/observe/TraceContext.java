package io.daca.chatagent.observe;

import java.util.regex.Pattern;
import reactor.util.context.Context;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) of the request being served, so
 * the app's own outgoing calls continue the caller's trace: the Dapr SDK reads these keys from a
 * call's Reactor context ({@link #reactorContext()}) and sends them to daprd, and the
 * MicroProfile Rest Clients get them from {@link TraceContextClientFilter}. Set for each request
 * by {@link TraceContextFilter} on the thread that serves it.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final TraceContext NONE = new TraceContext(null, null);

    /** version-traceid-parentid-flags, lower-case hex; an all-zero trace or parent id is invalid. */
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    private static final ThreadLocal<TraceContext> CURRENT = ThreadLocal.withInitial(() -> NONE);

    /** The context of these headers; none if {@code traceparent} is missing or malformed (W3C: then ignore both). */
    public static TraceContext of(String traceparent, String tracestate) {
        if (traceparent == null || !VALID.matcher(traceparent.trim()).matches()) {
            return NONE;
        }
        return new TraceContext(traceparent.trim(), tracestate == null || tracestate.isBlank() ? null : tracestate.trim());
    }

    /** The context of the request this thread serves (or {@link #NONE}). */
    public static TraceContext current() {
        return CURRENT.get();
    }

    /** Called at the start of every request: a thread never keeps an earlier request's context. */
    public static void enter(TraceContext context) {
        CURRENT.set(context);
    }

    public boolean isPresent() {
        return traceparent != null;
    }

    /** The keys the Dapr SDK's tracing interceptor reads; empty without a context. */
    public Context reactorContext() {
        if (traceparent == null) {
            return Context.empty();
        }
        return tracestate == null ? Context.of(TRACEPARENT, traceparent)
                : Context.of(TRACEPARENT, traceparent, TRACESTATE, tracestate);
    }
}
