package io.daca.chatagent.dapr;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.daca.chatagent.config.DaprSettings;
import io.dapr.client.DaprClient;
import io.dapr.v1.DaprActorsProtos;
import io.dapr.v1.DaprGrpc;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Actor state through daprd's gRPC API, on the {@link DaprClient}'s channel and interceptors, so
 * every call carries the Dapr API token when one is set.
 *
 * <p>Why not the SDK's actor state manager: its {@code ActorRuntime} builds a channel of its own
 * without the token interceptor (so with {@code DAPR_API_TOKEN} required every state call was
 * refused), it forgets its cache at the start of every actor call, and its {@code set} of a key it
 * has not cached asks daprd whether the key exists first. Values are stored exactly as the SDK
 * stores them (the JSON bytes), so the keys stay readable by any ChatAgent of the same type.
 */
@ApplicationScoped
public class ActorStateClient {

    private static final String UPSERT = "upsert";

    @Inject
    DaprClient dapr;

    @Inject
    DaprSettings settings;

    private DaprGrpc.DaprStub stub;

    @PostConstruct
    void connect() {
        stub = SidecarStubs.onEventLoop(dapr, DaprGrpc::newStub);
    }

    /** The key's stored bytes; empty when the key was never written. */
    public Mono<byte[]> get(String actorType, String actorId, String key) {
        var request = DaprActorsProtos.GetActorStateRequest.newBuilder()
                .setActorType(actorType).setActorId(actorId).setKey(key).build();
        return Mono.<DaprActorsProtos.GetActorStateResponse>create(sink -> bounded().getActorState(request, SidecarStubs.into(sink)))
                .flatMap(response -> response.getData().isEmpty() ? Mono.empty() : Mono.just(response.getData().toByteArray()));
    }

    /** Writes the keys of one actor in one transaction: all of them or none. */
    public Mono<Void> commit(String actorType, String actorId, Map<String, byte[]> upserts) {
        var request = DaprActorsProtos.ExecuteActorStateTransactionRequest.newBuilder()
                .setActorType(actorType).setActorId(actorId);
        upserts.forEach((key, value) -> request.addOperations(DaprActorsProtos.TransactionalActorStateOperation.newBuilder()
                .setOperationType(UPSERT).setKey(key).setValue(Any.newBuilder().setValue(ByteString.copyFrom(value)))));
        return Mono.<com.google.protobuf.Empty>create(sink -> bounded().executeActorStateTransaction(request.build(), SidecarStubs.into(sink)))
                .then();
    }

    private DaprGrpc.DaprStub bounded() {
        return stub.withDeadlineAfter(settings.actorCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
