package io.daca.chatagent.events;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.daca.chatagent.chat.ConversationEvent;
import io.daca.chatagent.chat.ConversationEvents;
import io.daca.chatagent.config.EventSettings;
import io.daca.chatagent.dapr.SidecarStubs;
import io.dapr.client.DaprClient;
import io.dapr.internal.grpc.interceptors.DaprTracingInterceptor;
import io.dapr.serializer.DefaultObjectSerializer;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Publishes ConversationUpdated events to the configured pubsub and topic, with the CloudEvent
 * type set so the subscription's routing rule on {@code event.type} matches. Bounded by
 * {@code events.publish-timeout-ms}: a failed publish stays in the actor's outbox and is retried,
 * so waiting long here would only hold up the actor.
 *
 * <p>The request is the one the SDK's {@code DaprClient.publishEvent} sends (the event as its
 * serializer writes it, content type {@code application/json}, the {@code cloudevent.type}
 * metadata, the caller's trace context from the Reactor context through the SDK's own tracing
 * interceptor), made on a {@link SidecarStubs} stub: with Dapr's in-memory pub/sub a publish
 * waits for the previous event's delivery, so it is on the chat request's path.
 */
@ApplicationScoped
public class DaprConversationEvents implements ConversationEvents {

    private static final DefaultObjectSerializer SERIALIZER = new DefaultObjectSerializer();
    private static final String CONTENT_TYPE = "application/json";

    @Inject
    DaprClient dapr;

    @Inject
    EventSettings settings;

    private DaprGrpc.DaprStub stub;

    @PostConstruct
    void connect() {
        stub = SidecarStubs.onEventLoop(dapr, DaprGrpc::newStub);
    }

    @Override
    public Mono<Void> publish(ConversationEvent event) {
        return Mono.deferContextual(context -> {
            DaprPubsubProtos.PublishEventRequest request;
            try {
                request = DaprPubsubProtos.PublishEventRequest.newBuilder()
                        .setPubsubName(settings.pubsubName()).setTopic(settings.topic())
                        .setData(ByteString.copyFrom(SERIALIZER.serialize(event)))
                        .setDataContentType(CONTENT_TYPE)
                        .putMetadata("cloudevent.type", ConversationEvent.TYPE)
                        .build();
            } catch (IOException e) {
                return Mono.error(e);
            }
            return Mono.<Empty>create(sink -> stub.withInterceptors(new DaprTracingInterceptor(context))
                    .withDeadlineAfter(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .publishEvent(request, SidecarStubs.into(sink)));
        }).then();
    }
}
