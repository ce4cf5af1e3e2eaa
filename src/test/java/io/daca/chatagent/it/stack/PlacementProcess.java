package io.daca.chatagent.it.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A placement of its own for one stack, with the flags of server-config/placement.args. */
public final class PlacementProcess extends LocalProcess {

    private final ArgsFile flags;
    private final PlacementPorts ports;
    private final String id;

    public PlacementProcess(Path serverConfig, Path runDir, PlacementPorts ports, String id) {
        super("placement", runDir);
        this.flags = new ArgsFile(serverConfig.resolve("placement.args"));
        this.ports = ports;
        this.id = id;
    }

    public PlacementPorts ports() {
        return ports;
    }

    @Override
    protected List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(DAPR_BIN.resolve("placement").toString());
        command.addAll(flags.render(Map.of(
                "PLACEMENT_PORT", ports.grpc(),
                "PLACEMENT_HEALTH_PORT", ports.health(),
                "PLACEMENT_METRICS_PORT", ports.metrics(),
                "PLACEMENT_RAFT_PORT", ports.raft(),
                "PLACEMENT_ID", id)));
        // Only the tests say so (it is placement's default); scripts/run.sh leaves it out.
        command.addAll(List.of("--log-level", "info"));
        return command;
    }
}
