package io.daca.chatagent.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * The one {@code mp.openapi.filter}: turns what Payara generates from the annotations into the
 * public document at {@code /openapi}.
 *
 * <ul>
 *   <li>regex path templates become plain {@code {param}} ({@link OpenApiPathFilter});</li>
 *   <li>daprd's callback routes ({@link #CALLBACK_PATHS}) are left out: they answer daprd, are
 *       guarded by the app token, and are no API for clients (tags no operation uses go too);</li>
 *   <li>every schema loses the unset {@code @Schema} attributes Payara copies in
 *       ({@link OpenApiSchemas#clean}), and examples written as JSON text become JSON values;</li>
 *   <li>the server is the document's own origin ({@code /}), so the OpenAPI UI's "try it out"
 *       calls the instance that served the page, whatever host name or port-forward reached it;</li>
 *   <li>Payara's {@code endpoints} map, a field that is not part of OpenAPI (a valid document may
 *       have only {@code x-} extensions at its root), is emptied, so it is not written.</li>
 * </ul>
 */
public class OpenApiDocumentFilter implements OASFilter {

    /**
     * Paths daprd calls: the actor host's configuration and health, the subscription and its
     * delivery routes (the actor calls themselves, {@code /actors/...}, are a servlet, never scanned).
     */
    static final List<String> CALLBACK_PATHS = List.of("/dapr", "/subscribe", "/healthz", "/actors");

    private static final Logger LOG = Logger.getLogger(OpenApiDocumentFilter.class.getName());

    static boolean isCallbackPath(String path) {
        return CALLBACK_PATHS.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        new OpenApiPathFilter().filterOpenAPI(openAPI);
        hideCallbackRoutes(openAPI);
        cleanSchemas(openAPI);
        openAPI.setServers(new ArrayList<>(List.of(OASFactory.createServer().url("/")
                .description("The instance that served this document"))));
        emptyPayaraEndpoints(openAPI);
    }

    private static void hideCallbackRoutes(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (String path : Set.copyOf(openAPI.getPaths().getPathItems().keySet())) {
            if (isCallbackPath(path)) {
                openAPI.getPaths().removePathItem(path);
            }
        }
        Set<String> used = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(operation -> used.addAll(operation.getTags() == null ? List.of() : operation.getTags())));
        if (openAPI.getTags() != null) {
            List<Tag> kept = openAPI.getTags().stream().filter(tag -> used.contains(tag.getName())).toList();
            openAPI.setTags(kept.isEmpty() ? null : new ArrayList<>(kept));
        }
    }

    /** Every schema of the document: in operations, and the named ones under components. */
    private static void cleanSchemas(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                cleanParameters(item.getParameters());
                for (Operation operation : item.getOperations().values()) {
                    cleanParameters(operation.getParameters());
                    if (operation.getRequestBody() != null) {
                        cleanContent(operation.getRequestBody().getContent());
                    }
                    if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                        operation.getResponses().getAPIResponses().forEach((status, response) -> {
                            cleanResponse(response);
                            if (status.equals("503")) {
                                documentRetryAfter(response);
                            }
                        });
                    }
                }
            }
        }
        Components components = openAPI.getComponents();
        if (components != null && components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiSchemas::clean);
        }
    }

    private static void cleanParameters(List<Parameter> parameters) {
        if (parameters == null) {
            return;
        }
        for (Parameter parameter : parameters) {
            OpenApiSchemas.clean(parameter.getSchema());
            if (parameter.getSchema() != null) {
                parameter.setExample(OpenApiSchemas.typed(parameter.getSchema().getType(), parameter.getExample()));
            }
            // Payara writes the annotation's defaults here too; false is what OpenAPI assumes anyway,
            // and allowEmptyValue is only meaningful for query parameters.
            if (Boolean.FALSE.equals(parameter.getDeprecated())) {
                parameter.setDeprecated(null);
            }
            if (Boolean.FALSE.equals(parameter.getAllowEmptyValue())) {
                parameter.setAllowEmptyValue(null);
            }
            if (Boolean.FALSE.equals(parameter.getAllowReserved())) {
                parameter.setAllowReserved(null);
            }
        }
    }

    private static void cleanResponse(APIResponse response) {
        cleanContent(response.getContent());
        Map<String, Header> headers = response.getHeaders();
        if (headers != null) {
            for (Header header : headers.values()) {
                OpenApiSchemas.clean(header.getSchema());
                if (Boolean.FALSE.equals(header.getDeprecated())) {
                    header.setDeprecated(null);
                }
                if (Boolean.FALSE.equals(header.getAllowEmptyValue())) {
                    header.setAllowEmptyValue(null);
                }
            }
        }
    }

    /** Every 503 carries Retry-After ({@link ProblemDetail#response}); the document says so once, here. */
    private static void documentRetryAfter(APIResponse response) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(ProblemDetail.RETRY_AFTER)) {
            response.addHeader(ProblemDetail.RETRY_AFTER, OASFactory.createHeader().required(true)
                    .description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().type(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO))
                    .example(ProblemDetail.RETRY_AFTER_SECONDS));
        }
    }

    private static void cleanContent(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType mediaType : content.getMediaTypes().values()) {
            OpenApiSchemas.clean(mediaType.getSchema());
            mediaType.setExample(OpenApiSchemas.jsonValue(mediaType.getExample()));
            if (mediaType.getExamples() != null) {
                mediaType.getExamples().values().forEach(example -> example.setValue(OpenApiSchemas.jsonValue(example.getValue())));
            }
        }
    }

    /**
     * Payara's document class keeps a map of the deployed endpoints and writes it as a root field
     * {@code endpoints}, which OpenAPI does not allow. It is not on the MicroProfile model, so it
     * is reached by name; an empty map is not written (nor merged with other applications').
     */
    private static void emptyPayaraEndpoints(OpenAPI openAPI) {
        try {
            Method getter = openAPI.getClass().getMethod("getEndpoints");
            if (getter.invoke(openAPI) instanceof Map<?, ?> endpoints) {
                endpoints.clear();
            }
        } catch (NoSuchMethodException notPayara) {
            // Another implementation: nothing to empty.
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "Could not leave Payara's 'endpoints' map out of the OpenAPI document: " + e);
        }
    }
}
