package io.daca.chatagent.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** JAX-RS at the root: daprd calls /dapr/config and /actors/... there. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(
        title = "ChatAgentService",
        version = "0.1.0",
        description = "Conversational agents on Dapr virtual actors: one ChatAgent actor per user keeps "
                + "that user's conversation. Errors are RFC 9457 problem details with a `detail` field."))
public class ChatAgentApplication extends Application {

    /**
     * Jersey features this service does not use, off: the WADL document ({@code /application.wadl}
     * described every route, the callback ones included, outside the OpenAPI document) and Bean
     * Validation of resource methods (no resource declares a constraint; the input rules are checked
     * in code, with the problem documents the contract names, so it was only a check per call).
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true,
                "jersey.config.beanValidation.disable.server", true);
    }
}
