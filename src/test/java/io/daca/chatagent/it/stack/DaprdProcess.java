package io.daca.chatagent.it.stack;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daprd of one app instance, with the flags of server-config/daprd.args, listening on
 * 127.0.0.1 only.
 */
public final class DaprdProcess extends LocalProcess {

    /** What one daprd needs to know of its app and its stack. */
    public record Settings(int appPort, DaprdPorts ports, PlacementPorts placement, Path resources, Path config,
                           String namespace) {
    }

    /** The header daprd asks of its API's callers, and presents to its app, when tokens are set. */
    public static final String TOKEN_HEADER = "dapr-api-token";

    private final ArgsFile flags;
    private final Settings settings;
    private String apiToken;
    private String appApiToken;
    private Map<String, String> extraEnvironment = Map.of();

    public DaprdProcess(String name, Path serverConfig, Path runDir, Settings settings) {
        super(name, runDir);
        this.flags = new ArgsFile(serverConfig.resolve("daprd.args"));
        this.settings = settings;
    }

    /**
     * Runs daprd (from its next start) with {@code DAPR_API_TOKEN}, which its HTTP and gRPC APIs
     * then ask of every caller, and {@code APP_API_TOKEN}, which it sends to the app on every call.
     * The harness's own metadata probe sends the API token too.
     */
    public DaprdProcess withTokens(String daprApiToken, String appToken) {
        this.apiToken = daprApiToken;
        this.appApiToken = appToken;
        return this;
    }

    /** More environment variables for daprd (from its next start). */
    public DaprdProcess withEnvironment(Map<String, String> variables) {
        this.extraEnvironment = Map.copyOf(variables);
        return this;
    }

    public DaprdPorts ports() {
        return settings.ports();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + settings.ports().http();
    }

    /** What daprd reports at {@code GET /v1.0/metadata}; null while it does not answer. */
    public Metadata metadata() {
        HttpResponse<String> response = Http.get(httpUrl() + "/v1.0/metadata",
                apiToken == null ? Map.of() : Map.of(TOKEN_HEADER, apiToken));
        return response == null || response.statusCode() != 200 ? null : Metadata.parse(response.body());
    }

    /** Whether daprd answers its health endpoint at all, healthy or not. */
    public boolean answers() {
        return Http.get(httpUrl() + "/v1.0/healthz") != null;
    }

    @Override
    protected List<String> command() {
        DaprdPorts ports = settings.ports();
        List<String> command = new ArrayList<>();
        command.add(DAPR_BIN.resolve("daprd").toString());
        command.addAll(flags.render(Map.of(
                "APP_PORT", settings.appPort(),
                "DAPR_HTTP_PORT", ports.http(),
                "DAPR_GRPC_PORT", ports.grpc(),
                "DAPR_INTERNAL_GRPC_PORT", ports.internalGrpc(),
                "DAPR_METRICS_PORT", ports.metrics(),
                "PLACEMENT_PORT", settings.placement().grpc(),
                "RESOURCES_PATH", settings.resources(),
                "CONFIG_PATH", settings.config())));
        // Only the tests say so (it is daprd's default); scripts/run.sh leaves it out.
        command.addAll(List.of("--log-level", "info"));
        return command;
    }

    /** daprd's own namespace, as the sidecar injector sets it on Kubernetes, its tokens if any, and the extra variables. */
    @Override
    protected Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("NAMESPACE", settings.namespace());
        if (apiToken != null) {
            environment.put("DAPR_API_TOKEN", apiToken);
            environment.put("APP_API_TOKEN", appApiToken);
        }
        return environment;
    }
}
