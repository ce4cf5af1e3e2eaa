package io.daca.chatagent.dapr;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.observe.TraceContext;
import io.daca.chatagent.web.ServletAnswers;
import io.daca.chatagent.web.StrictJson;
import io.dapr.actors.runtime.ActorRuntime;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * daprd's actor callbacks ({@code DELETE /actors/{type}/{id}}, {@code PUT
 * /actors/{type}/{id}/method/{method}}, {@code .../method/timer/{t}}, {@code .../method/remind/{r}})
 * on a plain servlet, delegating to the SDK's {@link ActorRuntime}. Every chat message brings one of
 * these calls, so they skip what JAX-RS does per request (resource matching, HK2 and CDI request
 * scopes, entity providers): the bodies are raw bytes the SDK (de)serialises itself. Asynchronous,
 * so a slow actor never pins a request thread that daprd's next call needs.
 *
 * <p>Guarded by the app token like every callback route. An actor method that fails answers 500
 * with a problem whose {@code detail} is the failure's message: daprd relays it to the caller, which
 * is how {@code ChatService} tells a full outbox from an outage.
 */
@WebServlet(urlPatterns = "/actors/*", asyncSupported = true)
public class ActorCallbackServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ActorCallbackServlet.class.getName());
    private static final byte[] NOTHING = new byte[0];

    @Inject
    ActorRuntime runtime;

    @Inject
    DaprSettings settings;

    /** The actor types this app hosts, as daprd reads them from /dapr/config. */
    private Set<String> hosted;

    @Override
    public void init() {
        try {
            JsonValue config = StrictJson.parse(new String(runtime.serializeConfig(), StandardCharsets.UTF_8));
            hosted = config.asJsonObject().getJsonArray("entities").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new IllegalStateException("The actor runtime's configuration cannot be read", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!AppTokenCheck.passes(settings.appApiToken(), request.getHeader(DaprClients.TOKEN_HEADER))) {
            ServletAnswers.problem(response, HttpServletResponse.SC_UNAUTHORIZED, AppTokenCheck.REFUSED);
            return;
        }
        String path = request.getPathInfo();
        String type = path == null ? "" : path.substring(1).split("/", 2)[0];
        if (!hosted.contains(type)) {
            // Refused here: the SDK would log an unknown type as SEVERE.
            ServletAnswers.problem(response, HttpServletResponse.SC_NOT_FOUND, "No actor type '" + type + "' is hosted here");
            return;
        }
        Mono<byte[]> call = route(request.getMethod(), path, request);
        if (call == null) {
            ServletAnswers.problem(response, request.getMethod().equals("PUT") || request.getMethod().equals("DELETE")
                    ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "No actor callback " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        AsyncContext async = request.startAsync();
        // daprd bounds the call (the caller's deadline); the container must not cut it first.
        async.setTimeout(0);
        // daprd's trace context reaches the actor's own calls (state, publish) through the Dapr SDK.
        TraceContext trace = TraceContext.of(request.getHeader(TraceContext.TRACEPARENT), request.getHeader(TraceContext.TRACESTATE));
        call.defaultIfEmpty(NOTHING).contextWrite(trace.reactorContext())
                .subscribe(body -> answer(async, body), failure -> failed(async, failure));
    }

    /** The runtime call for this request, or null if no callback has that method and path. */
    private Mono<byte[]> route(String method, String pathInfo, HttpServletRequest request) throws IOException {
        String[] parts = pathInfo == null ? new String[0] : pathInfo.substring(1).split("/", -1);
        if (method.equals("DELETE") && parts.length == 2) {
            return runtime.deactivate(parts[0], parts[1]).then(Mono.empty());
        }
        if (!method.equals("PUT") || parts.length < 4 || !parts[2].equals("method")) {
            return null;
        }
        byte[] body = request.getInputStream().readAllBytes();
        if (parts.length == 4) {
            return runtime.invoke(parts[0], parts[1], parts[3], body);
        }
        if (parts.length == 5 && parts[3].equals("timer")) {
            return runtime.invokeTimer(parts[0], parts[1], parts[4], body).then(Mono.empty());
        }
        if (parts.length == 5 && parts[3].equals("remind")) {
            return runtime.invokeReminder(parts[0], parts[1], parts[4], body).then(Mono.empty());
        }
        return null;
    }

    private static void answer(AsyncContext async, byte[] body) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            ServletAnswers.write(response, HttpServletResponse.SC_OK, "application/octet-stream", body);
        } catch (IOException e) {
            LOG.fine(() -> "daprd went away before the actor's answer was written: " + e);
        } finally {
            async.complete();
        }
    }

    private static void failed(AsyncContext async, Throwable failure) {
        String detail = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        // An unknown method or a payload the actor refuses is the caller's mistake, not ours.
        int status = failure instanceof IllegalArgumentException || failure instanceof NoSuchMethodException
                ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        LOG.log(Level.FINE, "Actor call failed", failure);
        LOG.warning(() -> "Actor call " + ((HttpServletRequest) async.getRequest()).getPathInfo() + " failed ("
                + status + "): " + detail);
        try {
            ServletAnswers.problem((HttpServletResponse) async.getResponse(), status, detail);
        } catch (IOException e) {
            LOG.fine(() -> "daprd went away before the failure was written: " + e);
        } finally {
            async.complete();
        }
    }
}
