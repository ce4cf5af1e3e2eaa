package io.daca.chatagent.it.stack;

/** The ports of one placement: gRPC (what daprd connects to), health, metrics and Raft. */
public record PlacementPorts(int grpc, int health, int metrics, int raft) {

    public static PlacementPorts allocate(FreePorts free) {
        return new PlacementPorts(free.next(), free.next(), free.next(), free.next());
    }
}
