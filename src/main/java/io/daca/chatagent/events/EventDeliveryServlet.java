package io.daca.chatagent.events;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.dapr.AppTokenCheck;
import io.daca.chatagent.dapr.DaprClients;
import io.daca.chatagent.web.ServletAnswers;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Logger;

/**
 * daprd's event deliveries ({@code POST /subscribe}, {@code /subscribe/untyped},
 * {@code /subscribe/dead-letter}) on a plain servlet. Every chat message brings one (or, with Dapr
 * bulk subscribe, an entry of one), so like the actor callbacks they skip what JAX-RS does per
 * request (resource matching, HK2 and CDI request scopes, entity providers). Counting runs on the request thread; a dead letter is taken back on
 * the subscriber's pool and its request completes asynchronously. Guarded by the app token like
 * every callback route; the request body guard (size, UTF-8) runs before it as before every route.
 */
@WebServlet(urlPatterns = {"/subscribe", "/subscribe/*"}, asyncSupported = true)
public class EventDeliveryServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(EventDeliveryServlet.class.getName());
    private static final Set<String> ROUTES = Set.of(SubscriptionResource.ROUTE, SubscriptionResource.UNTYPED_ROUTE,
            SubscriptionResource.DEAD_LETTER_ROUTE);

    @Inject
    Subscriber subscriber;

    @Inject
    DaprSettings settings;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!AppTokenCheck.passes(settings.appApiToken(), request.getHeader(DaprClients.TOKEN_HEADER))) {
            ServletAnswers.problem(response, HttpServletResponse.SC_UNAUTHORIZED, AppTokenCheck.REFUSED);
            return;
        }
        String route = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!ROUTES.contains(route)) {
            ServletAnswers.problem(response, HttpServletResponse.SC_NOT_FOUND, "No event route " + route);
            return;
        }
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            ServletAnswers.problem(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Events are delivered with POST");
            return;
        }
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!route.equals(SubscriptionResource.DEAD_LETTER_ROUTE)) {
            Subscriber.Answer ack;
            try {
                ack = subscriber.deliver(route, body);
            } catch (RuntimeException failure) {
                answer(response, route, null, failure);
                return;
            }
            answer(response, route, ack, null);
            return;
        }
        AsyncContext async = request.startAsync();
        // Requeueing may wait for the actor and the analytics store's retries; daprd bounds the call.
        async.setTimeout(0);
        subscriber.deliverDeadLetter(body).whenComplete((ack, failure) -> {
            try {
                answer((HttpServletResponse) async.getResponse(), route, ack, failure);
            } finally {
                async.complete();
            }
        });
    }

    /** The subscriber's answer as daprd reads it, or a 500 problem if it failed. */
    private static void answer(HttpServletResponse response, String route, Subscriber.Answer ack, Throwable failure) {
        try {
            if (failure != null) {
                LOG.warning(() -> "Event on " + route + " failed: " + failure);
                ServletAnswers.problem(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, String.valueOf(failure.getMessage()));
            } else {
                ServletAnswers.write(response, HttpServletResponse.SC_OK, "application/json",
                        ack.toJson().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.fine(() -> "daprd went away before the answer was written: " + e);
        }
    }
}
