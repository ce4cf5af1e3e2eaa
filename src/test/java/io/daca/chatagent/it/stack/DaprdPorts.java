package io.daca.chatagent.it.stack;

/** The ports of one daprd: its HTTP and gRPC APIs, its internal gRPC (daprd to daprd) and metrics. */
public record DaprdPorts(int http, int grpc, int internalGrpc, int metrics) {

    public static DaprdPorts allocate(FreePorts free) {
        return new DaprdPorts(free.next(), free.next(), free.next(), free.next());
    }
}
