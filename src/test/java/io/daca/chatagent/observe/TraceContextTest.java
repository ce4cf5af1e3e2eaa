package io.daca.chatagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TraceContextTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentIsKeptWithItsTracestate() {
        TraceContext context = TraceContext.of(PARENT, "congo=t61rcWkgMzE");
        assertTrue(context.isPresent());
        assertEquals(PARENT, context.traceparent());
        assertEquals("congo=t61rcWkgMzE", context.tracestate());
    }

    @Test
    void aMissingOrMalformedTraceparentMeansNoContext() {
        for (String bad : new String[] {null, "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"}) {
            assertFalse(TraceContext.of(bad, "a=b").isPresent(), String.valueOf(bad));
        }
        assertTrue(TraceContext.NONE.reactorContext().isEmpty());
    }

    @Test
    void theDaprSdkFindsItInTheReactorContext() {
        TraceContext context = TraceContext.of(PARENT, null);
        String seen = Mono.deferContextual(view -> Mono.just(view.getOrDefault(TraceContext.TRACEPARENT, "none")))
                .contextWrite(context.reactorContext()).block();
        assertEquals(PARENT, seen);
    }

    @Test
    void eachRequestReplacesTheThreadsContext() {
        TraceContext.enter(TraceContext.of(PARENT, null));
        assertEquals(PARENT, TraceContext.current().traceparent());
        TraceContext.enter(TraceContext.NONE);
        assertFalse(TraceContext.current().isPresent());
    }
}
