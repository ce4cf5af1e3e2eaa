package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A stack's copies of the project's Dapr component files, pointed at the stack's own Redis servers. */
public final class ComponentFiles {

    private ComponentFiles() {
    }

    /**
     * Replaces what {@code target} holds with the YAML files of {@code sources} (folders, or single
     * files), their
     * {@code localhost:6379} rewritten to {@code 127.0.0.1:<port>} (a file named in
     * {@code redisPortByFile} gets its own port, every other {@code defaultRedisPort}), then each
     * of {@code edits} applied as a plain text replacement.
     */
    public static void write(List<Path> sources, Path target, int defaultRedisPort, Map<String, Integer> redisPortByFile,
                             Map<String, String> edits) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (Path source : sources) {
            try (Stream<Path> files = Files.isDirectory(source) ? Files.list(source) : Stream.of(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    String name = file.getFileName().toString();
                    int port = redisPortByFile.getOrDefault(name, defaultRedisPort);
                    String yaml = Files.readString(file).replace("localhost:6379", "127.0.0.1:" + port);
                    for (Map.Entry<String, String> edit : edits.entrySet()) {
                        yaml = yaml.replace(edit.getKey(), edit.getValue());
                    }
                    Files.writeString(target.resolve(name), yaml);
                }
            }
        }
    }
}
