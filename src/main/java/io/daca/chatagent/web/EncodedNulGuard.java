package io.daca.chatagent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A request path holding {@code %00} gets a 400 problem document like every other bad input.
 *
 * <p>Payara never lets such a request reach the application: Grizzly's URI decoder
 * ({@code HttpRequestURIDecoder.normalizeBytes}) refuses a decoded NUL, and Catalina's
 * {@code CoyoteAdapter.postParseRequest} answers {@code 400 Invalid URI} with an empty body
 * before any valve, error page or filter runs. No setting changes that (Payara 6.2025.10: neither
 * {@code <error-page>}, the virtual server's {@code send-error_N} nor a system property apply).
 * So this filter puts an HTTP probe on the listener's HTTP codec, the hook Grizzly calls as soon
 * as a request line is parsed, before decoding: a raw path holding {@code %00} is rewritten to
 * {@link #PATH}, which this filter then answers with the problem. The probe is installed, through
 * the server's own service registry, by the first request this app serves (the start-up gate
 * opens the listener only after deployment, so it does not exist before); until then such a
 * request still gets Payara's empty 400. Nothing here is Payara API: if the lookup fails the app
 * logs why once and goes on as before.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class EncodedNulGuard extends HttpFilter {

    /** Where a path holding {@code %00} is sent. */
    static final String PATH = "/problem/encoded-nul";

    private static final Logger LOG = Logger.getLogger(EncodedNulGuard.class.getName());
    private static final AtomicBoolean INSTALLING = new AtomicBoolean();
    private static final String LISTENER = "http-listener";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!INSTALLING.get() && INSTALLING.compareAndSet(false, true)) {
            install(request.getServletContext());
        }
        if (PATH.equals(request.getRequestURI())) {
            ServletAnswers.problem(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The request path contains %00 (a NUL character), which no resource accepts");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Adds the probe to the HTTP codec filters of the listener; logs and gives up on any surprise. */
    static void install(ServletContext context) {
        try {
            Object locator = context.getAttribute("org.glassfish.servlet.habitat");
            ClassLoader server = locator.getClass().getClassLoader();
            Class<?> grizzlyService = server.loadClass("com.sun.enterprise.v3.services.impl.GrizzlyService");
            Object service = locator.getClass().getMethod("getService", java.lang.reflect.Type.class,
                    java.lang.annotation.Annotation[].class).invoke(locator, grizzlyService, new java.lang.annotation.Annotation[0]);
            Method byName = grizzlyService.getDeclaredMethod("getNetworkProxy", String.class); // private
            byName.setAccessible(true);
            Object proxy = byName.invoke(service, LISTENER);
            Object listener = proxy.getClass().getMethod("getUnderlyingListener").invoke(proxy);
            ClassLoader grizzly = listener.getClass().getClassLoader();
            Class<?> codec = grizzly.loadClass("org.glassfish.grizzly.http.HttpCodecFilter");
            Class<?> probeType = grizzly.loadClass("org.glassfish.grizzly.http.HttpProbe");
            List<?> filters = (List<?>) listener.getClass().getMethod("getFilters", Class.class).invoke(listener, codec);
            Object probes = Array.newInstance(probeType, 1);
            Array.set(probes, 0, Proxy.newProxyInstance(grizzly, new Class<?>[] {probeType}, new RewriteNul()));
            for (Object filter : filters) {
                Object monitoring = filter.getClass().getMethod("getMonitoringConfig").invoke(filter);
                monitoring.getClass().getMethod("addProbes", Object[].class).invoke(monitoring, probes);
            }
            LOG.fine(() -> "A path with %00 is answered with a problem document (probe on " + filters.size()
                    + " HTTP codec filter(s) of " + LISTENER + ")");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warning(() -> "A request path with %00 will get Payara's empty 400 instead of a problem document: "
                    + "could not reach the HTTP listener's codec (" + e + ")");
        }
    }

    /** The probe: on every parsed request header, a raw path with {@code %00} becomes {@link #PATH}. */
    private static final class RewriteNul implements InvocationHandler {

        /** The request header class seen last, with its URI getter and setter (null methods: not a request). */
        private record Accessors(Class<?> type, Method get, Method set) {
        }

        private volatile Accessors accessors = new Accessors(Void.class, null, null);

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "onHeaderParseEvent" -> rewrite(args[1]);
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "EncodedNulGuard probe";
                }
                default -> {
                    // the other events are of no interest
                }
            }
            return null;
        }

        private void rewrite(Object header) throws ReflectiveOperationException {
            Accessors known = accessors;
            if (known.type() != header.getClass()) {
                known = accessorsOf(header.getClass());
                accessors = known;
            }
            if (known.get() == null) {
                return;
            }
            String uri = (String) known.get().invoke(header);
            if (uri != null && uri.contains("%00")) {
                known.set().invoke(header, PATH);
            }
        }

        private static Accessors accessorsOf(Class<?> type) {
            try {
                return new Accessors(type, type.getMethod("getRequestURI"), type.getMethod("setRequestURI", String.class));
            } catch (NoSuchMethodException e) {
                return new Accessors(type, null, null); // a response header
            }
        }
    }
}
