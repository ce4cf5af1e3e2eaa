package io.daca.chatagent.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
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
}
