package io.daca.chatagent.observe;

import org.eclipse.microprofile.rest.client.ext.AsyncInvocationInterceptor;
import org.eclipse.microprofile.rest.client.ext.AsyncInvocationInterceptorFactory;

/**
 * Carries the {@link TraceContext} of the calling thread to the thread that runs an asynchronous
 * MicroProfile Rest Client call, where {@link TraceContextClientFilter} reads it.
 */
public class TraceContextPropagation implements AsyncInvocationInterceptorFactory {

    @Override
    public AsyncInvocationInterceptor newInterceptor() {
        return new AsyncInvocationInterceptor() {
            private TraceContext caller = TraceContext.NONE;

            @Override
            public void prepareContext() {
                caller = TraceContext.current();
            }

            @Override
            public void applyContext() {
                TraceContext.enter(caller);
            }

            @Override
            public void removeContext() {
                TraceContext.enter(TraceContext.NONE);
            }
        };
    }
}
