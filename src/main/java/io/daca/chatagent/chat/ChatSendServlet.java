package io.daca.chatagent.chat;

import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.config.InstanceSettings;
import io.daca.chatagent.observe.AppMetrics;
import io.daca.chatagent.observe.TraceContext;
import io.daca.chatagent.partition.HashPartitioner;
import io.daca.chatagent.web.ProblemDetail;
import io.daca.chatagent.web.ChatAgentApplication;
import io.daca.chatagent.web.ErrorMappers;
import io.daca.chatagent.web.JsonValues;
import io.daca.chatagent.web.ServletAnswers;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * {@code POST /chat/{id}}, the request every chat message starts with, on a plain servlet: the same
 * checks, call and answer as {@link ChatResource#send}, without what JAX-RS does around them per
 * request (matching, HK2 and CDI request scopes, providers, the asynchronous responder). Profiled
 * under the benchmark, JAX-RS around this one method was about a quarter of the app's CPU.
 *
 * <p>Only requests {@link ChatSendRoute} takes are answered here; every other request under
 * {@code /chat/} (history, location, stats, and any send JAX-RS must decode or refuse first) is
 * forwarded to JAX-RS unchanged, and {@link ChatResource#send} stays the documented operation (the
 * OpenAPI document is made from it). The servlet filters ran before either: the body is the one
 * {@code RequestBodyGuard} checked.
 */
@WebServlet(urlPatterns = "/chat/*", asyncSupported = true)
public class ChatSendServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ChatSendServlet.class.getName());
    /** The operation name of the request metrics, as JAX-RS's filter names {@link ChatResource#send}. */
    static final String OPERATION = ChatResource.class.getSimpleName() + ".send";

    @Inject
    ChatService chat;

    @Inject
    ChatSettings settings;

    @Inject
    InstanceSettings instance;

    @Inject
    HashPartitioner partitioner;

    @Inject
    AppMetrics metrics;

    private RequestDispatcher jaxrs;

    @Override
    public void init() throws ServletException {
        // The servlet the container made for the @ApplicationPath application is named after it.
        jaxrs = getServletContext().getNamedDispatcher(ChatAgentApplication.class.getName());
        if (jaxrs == null) {
            throw new ServletException("No JAX-RS servlet named " + ChatAgentApplication.class.getName());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String id = ChatSendRoute.idOf(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()),
                request.getContentType(), request.getHeader("Accept"));
        if (id == null) {
            jaxrs.forward(new ForJaxRs(request), response);
            return;
        }
        long started = System.nanoTime();
        TraceContext.enter(TraceContext.of(request.getHeader(TraceContext.TRACEPARENT), request.getHeader(TraceContext.TRACESTATE)));
        UserId user;
        CompletionStage<ChatMessage> reply;
        try {
            user = UserId.parse(id, settings.maxActorIdLength());
            Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(request.getHeader(IdempotencyKey.HEADER));
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            reply = chat.send(user, ChatRequestRules.message(body, settings.maxContentLength()), key);
        } catch (RuntimeException refused) {
            // A refusal of the input (an ApiException) or a bug: answered as JAX-RS's mappers would.
            refuse(response, refused, started);
            return;
        }
        AsyncContext async = request.startAsync();
        // ChatService bounds the call; the container must not cut it first.
        async.setTimeout(0);
        reply.whenComplete((message, failure) -> {
            HttpServletResponse answer = (HttpServletResponse) async.getResponse();
            try {
                if (failure == null) {
                    answered(answer, user, message, started);
                } else {
                    refuse(answer, failure, started);
                }
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "The client went away before its chat answer was written: " + e);
            } finally {
                async.complete();
            }
        });
    }

    private void answered(HttpServletResponse response, UserId user, ChatMessage message, long started) throws IOException {
        metrics.messageAnswered();
        response.setHeader(ChatResource.PARTITION_HEADER, Integer.toString(partitioner.partitionOf(user.value())));
        response.setHeader(ChatResource.SERVED_BY_HEADER, instance.hostId());
        String json = JsonValues.object().add("response", JsonValues.object()
                .add("role", message.role()).add("content", message.content())).build().toString();
        ServletAnswers.write(response, HttpServletResponse.SC_OK, MediaType.APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
        finished(HttpServletResponse.SC_OK, started);
    }

    /** As JAX-RS's exception mappers answer: the refusal's status and detail, anything else a 500. */
    private void refuse(HttpServletResponse response, Throwable failure, long started) throws IOException {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ProblemDetail problem = ErrorMappers.problemFor(cause);
        ServletAnswers.problem(response, problem.status(), problem.detail());
        finished(problem.status(), started);
    }

    private void finished(int status, long started) {
        metrics.requestFinished(OPERATION, status, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The request as JAX-RS expects it when its servlet is mapped to {@code /*}: no servlet path,
     * the whole path as path info (a forward by name keeps this servlet's {@code /chat}).
     */
    private static final class ForJaxRs extends HttpServletRequestWrapper {
        private final String pathInfo;

        ForJaxRs(HttpServletRequest request) {
            super(request);
            pathInfo = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public String getPathInfo() {
            return pathInfo;
        }
    }
}
