package io.daca.chatagent.dapr;

import io.dapr.client.DaprClient;
import io.grpc.Channel;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import reactor.core.publisher.MonoSink;

/**
 * Stubs of daprd's gRPC API for the calls every chat message makes (actor state, the publish, the
 * analytics store), on the {@link DaprClient}'s channel and interceptors, so the Dapr API token
 * goes along.
 *
 * <p>Their answers are handled on the thread that reads them, the channel's event loop, instead
 * of being handed to gRPC's executor first (and, through the SDK's client, to Reactor): on two
 * busy cores every hand-off between threads waits for a core, and Dapr's in-memory pub/sub
 * delivers one event at a time, so the length of a delivery bounds the chat throughput. What
 * follows an answer therefore runs on the event loop and must not block: it completes a sink, or
 * a future a caller waits on, and goes on with more non-blocking calls.
 */
public final class SidecarStubs {

    private SidecarStubs() {
    }

    /** A stub of {@code newStub} (e.g. {@code DaprGrpc::newStub}) on the client's channel, answered on its event loop. */
    public static <S extends AbstractStub<S>> S onEventLoop(DaprClient dapr, Function<Channel, S> newStub) {
        return dapr.newGrpcStub(null, newStub).withExecutor(Runnable::run);
    }

    /** An observer of a unary call that completes {@code sink} with its answer or its error. */
    public static <T> StreamObserver<T> into(MonoSink<T> sink) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                sink.success(value);
            }

            @Override
            public void onError(Throwable error) {
                sink.error(error);
            }

            @Override
            public void onCompleted() {
                sink.success();
            }
        };
    }
}
