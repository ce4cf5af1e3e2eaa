package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The temporary directories an earlier run of the suite left in target/, which the pom makes the
 * temporary directory of the test JVM and of every Payara Micro JVM: Arquillian's copy of the WAR
 * for each deployment ({@code arquillian-payara-micro*}, never removed by the container) and the
 * runtime a Payara Micro JVM unpacks when it starts ({@code payaramicro-rt*}, removed when it exits
 * normally, left when a test kills it). Removed once per test JVM, before its first stack starts.
 */
public final class LeftoverTempDirs {

    private static final AtomicBoolean REMOVED = new AtomicBoolean();

    private LeftoverTempDirs() {
    }

    public static void removeOnce(Path target) {
        if (!REMOVED.compareAndSet(false, true) || !Files.isDirectory(target)) {
            return;
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(target, "{arquillian-payara-micro,payaramicro-rt}*")) {
            for (Path dir : left) {
                delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
