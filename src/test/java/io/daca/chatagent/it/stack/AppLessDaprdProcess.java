package io.daca.chatagent.it.stack;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daprd of another Dapr app that has no app behind it: the flags of server-config/daprd.args
 * under another app id and without the app's own flags ({@code --app-port} and the app health
 * check), so daprd opens no app channel and waits for nothing. It joins the stack's placement,
 * loads the stack's components and Configuration, and finds other apps by mDNS as every
 * self-hosted daprd does. No Dapr API token: its API answers anyone on 127.0.0.1.
 */
public final class AppLessDaprdProcess extends LocalProcess {

    /** Flags of daprd.args that are about the app behind daprd; the value of each goes too. */
    private static final Set<String> APP_FLAGS = Set.of("--app-id", "--app-port", "--app-protocol",
            "--enable-app-health-check", "--app-health-check-path", "--app-health-probe-interval",
            "--app-health-probe-timeout", "--app-health-threshold");

    private final String appId;
    private final ArgsFile flags;
    private final DaprdPorts ports;
    private final PlacementPorts placement;
    private final Path resources;
    private final Path config;
    private final String namespace;

    public AppLessDaprdProcess(String appId, Path serverConfig, Path runDir, DaprdPorts ports, PlacementPorts placement,
                               Path resources, Path config, String namespace) {
        super("daprd-" + appId, runDir);
        this.appId = appId;
        this.flags = new ArgsFile(serverConfig.resolve("daprd.args"));
        this.ports = ports;
        this.placement = placement;
        this.resources = resources;
        this.config = config;
        this.namespace = namespace;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + ports.http();
    }

    /** What daprd reports at {@code GET /v1.0/metadata}; null while it does not answer. */
    public Metadata metadata() {
        HttpResponse<String> response = Http.get(httpUrl() + "/v1.0/metadata");
        return response == null || response.statusCode() != 200 ? null : Metadata.parse(response.body());
    }

    @Override
    protected List<String> command() {
        List<String> shared = flags.render(Map.of(
                "APP_PORT", 0,
                "DAPR_HTTP_PORT", ports.http(),
                "DAPR_GRPC_PORT", ports.grpc(),
                "DAPR_INTERNAL_GRPC_PORT", ports.internalGrpc(),
                "DAPR_METRICS_PORT", ports.metrics(),
                "PLACEMENT_PORT", placement.grpc(),
                "RESOURCES_PATH", resources,
                "CONFIG_PATH", config));
        List<String> command = new ArrayList<>(List.of(DAPR_BIN.resolve("daprd").toString(), "--app-id", appId));
        boolean skipping = false;
        for (String arg : shared) {
            // A flag starts with "--"; what follows it up to the next flag is its value.
            if (arg.startsWith("--")) {
                skipping = APP_FLAGS.contains(arg);
            }
            if (!skipping) {
                command.add(arg);
            }
        }
        command.addAll(List.of("--log-level", "info"));
        return command;
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of("NAMESPACE", namespace);
    }
}
