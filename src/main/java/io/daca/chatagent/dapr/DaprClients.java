package io.daca.chatagent.dapr;

import io.daca.chatagent.config.DaprSettings;
import io.daca.chatagent.config.ResponderSettings;
import io.daca.chatagent.observe.TraceContextClientFilter;
import io.daca.chatagent.observe.TraceContextPropagation;
import io.dapr.actors.client.ActorClient;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.resiliency.ResiliencyOptions;
import io.dapr.config.Properties;
import io.dapr.config.Property;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The one place that creates Dapr SDK clients. They hold channels and thread pools, so there is
 * exactly one of each per application, configured from {@link DaprSettings} and closed on
 * shutdown. They are produced as {@code @Singleton}: the SDK classes cannot be proxied, and they
 * need no proxy since they live as long as the application.
 */
@ApplicationScoped
public class DaprClients {

    /** The header daprd and the app present each other's tokens in. */
    public static final String TOKEN_HEADER = "dapr-api-token";

    private static final Logger LOG = Logger.getLogger(DaprClients.class.getName());

    /** The SDK clients made so far: their channels reconnect at once when daprd has restarted. */
    private final List<Object> made = new CopyOnWriteArrayList<>();

    /** SDK properties from our settings, so the SDK never falls back to its own defaults. */
    public static Properties sdkProperties(DaprSettings settings) {
        Map<String, String> values = new HashMap<>();
        sdkOverrides(settings).forEach((property, value) -> values.put(property.getName(), value));
        values.put(Properties.TIMEOUT.getName(), Long.toString(settings.actorCallTimeout().toMillis()));
        return new Properties(values);
    }

    private static Map<Property<?>, String> sdkOverrides(DaprSettings settings) {
        Map<Property<?>, String> overrides = new HashMap<>();
        overrides.put(Properties.SIDECAR_IP, settings.sidecarHost());
        overrides.put(Properties.HTTP_PORT, Integer.toString(settings.httpPort()));
        overrides.put(Properties.GRPC_PORT, Integer.toString(settings.grpcPort()));
        settings.apiToken().ifPresent(token -> overrides.put(Properties.API_TOKEN, token));
        return overrides;
    }

    @Produces
    @Singleton
    ActorClient actorClient(DaprSettings settings) {
        LOG.info(() -> "Dapr actor client -> sidecar " + settings.sidecarHost() + " grpc:" + settings.grpcPort());
        // The deadline travels with each gRPC call, so daprd also abandons the call into the actor
        // host when the caller has given up (the Resiliency has no actor timeout, see there).
        return made(new ActorClient(sdkProperties(settings), new ResiliencyOptions().setTimeout(settings.actorCallTimeout())));
    }

    void closeActorClient(@Disposes ActorClient client) {
        client.close();
    }

    @Produces
    @Singleton
    DaprClient daprClient(DaprSettings settings) {
        return made(new DaprClientBuilder().withPropertyOverrides(sdkOverrides(settings)).build());
    }

    void closeDaprClient(@Disposes DaprClient client) throws Exception {
        client.close();
    }

    /**
     * The client of Dapr's preview APIs (the Conversation API), with the API token like the others.
     * Its gRPC deadline is {@code chat.conversation.timeout-ms}: daprd carries it into its call to
     * the model provider, so a model that does not answer in time is abandoned on both sides.
     */
    @Produces
    @Singleton
    DaprPreviewClient daprPreviewClient(DaprSettings settings, ResponderSettings responder) {
        return made(new DaprClientBuilder().withPropertyOverrides(sdkOverrides(settings))
                .withResiliencyOptions(new ResiliencyOptions().setTimeout(responder.timeout()))
                .buildPreviewClient());
    }

    void closeDaprPreviewClient(@Disposes DaprPreviewClient client) throws Exception {
        client.close();
    }

    private <T> T made(T client) {
        made.add(client);
        return client;
    }

    /**
     * daprd has (re)started and is asking for the actor types: the clients' channels connect again
     * now rather than when their backoff ends, before daprd routes an actor call here.
     */
    void reconnect(@Observes SidecarStarted started) {
        int channels = made.stream().mapToInt(ChannelBackoff::resetIn).sum();
        if (channels == 0 && !made.isEmpty()) {
            LOG.warning("daprd started: no gRPC channel found in the Dapr SDK clients to reconnect now;"
                    + " they reconnect when their backoff ends");
        } else {
            LOG.fine(() -> "daprd started: " + channels + " gRPC channel(s) reconnect now");
        }
    }

    /** The sidecar's HTTP API (metadata, health) that the SDK has no call for. */
    @Produces
    @Singleton
    SidecarApi sidecarApi(DaprSettings settings) {
        return sidecarRestClient(SidecarApi.class, settings.healthTimeout(), settings);
    }

    /** A MicroProfile Rest Client on the sidecar's HTTP port, sending the Dapr API token if set. */
    public static <T> T sidecarRestClient(Class<T> api, Duration timeout, DaprSettings settings) {
        RestClientBuilder builder = RestClientBuilder.newBuilder()
                .baseUri(URI.create(settings.httpUrl()))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        settings.apiToken().ifPresent(token -> builder.register(
                (ClientRequestFilter) request -> request.getHeaders().putSingle(TOKEN_HEADER, token)));
        // The caller's W3C trace context goes along (also across the client's async threads).
        builder.register(TraceContextClientFilter.class).register(TraceContextPropagation.class);
        return builder.build(api);
    }
}
