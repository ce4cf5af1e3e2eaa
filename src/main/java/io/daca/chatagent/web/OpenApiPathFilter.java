package io.daca.chatagent.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * JAX-RS path templates may carry a regex ({@code {actor_id: [^/]*}}); OpenAPI paths may not.
 * This turns them back into {@code {actor_id}}; {@link OpenApiDocumentFilter} (the registered
 * {@code mp.openapi.filter}) runs it first.
 */
public class OpenApiPathFilter implements OASFilter {

    private static final Pattern TEMPLATE_REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

    static String plainTemplate(String path) {
        return TEMPLATE_REGEX.matcher(path).replaceAll("{$1}");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> renamed = new LinkedHashMap<>();
        paths.getPathItems().forEach((path, item) -> renamed.put(plainTemplate(path), item));
        for (String path : Map.copyOf(paths.getPathItems()).keySet()) {
            paths.removePathItem(path);
        }
        renamed.forEach(paths::addPathItem);
    }
}
