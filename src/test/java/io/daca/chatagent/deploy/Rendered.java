package io.daca.chatagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/** {@code kubectl kustomize kustomize/overlays/<env>} as objects, and small ways to walk them. */
final class Rendered {

    private Rendered() {
    }

    static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", "kustomize/overlays/" + overlay)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, process.exitValue(), output);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) document;
                objects.add(object);
            }
        }
        return objects;
    }

    static Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of(file))));
        return properties;
    }

    static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = all(objects, kind);
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertNotNull(value, key + " missing in " + object);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertNotNull(value, key + " missing in " + object);
        return (List<Map<String, Object>>) value;
    }
}
