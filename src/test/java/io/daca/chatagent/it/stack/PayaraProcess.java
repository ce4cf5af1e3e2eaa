package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The shipped WAR on Payara Micro, started by the harness itself rather than by Arquillian, for a
 * test that must kill the app with SIGKILL and start it again. Same jar, WAR and options
 * (server-config/payara-micro.properties) as scripts/run.sh and the Arquillian ITs.
 */
public final class PayaraProcess extends LocalProcess {

    private final Path project;
    private final int port;
    private final Path systemProperties;

    /** Started as scripts/run.sh and the image start it: with payara.micro.startup-gate, the port opens once the WAR is deployed. */
    public PayaraProcess(String name, Path project, Path runDir, int port, Path systemProperties) {
        super(name, runDir);
        this.project = project;
        this.port = port;
        this.systemProperties = systemProperties;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected List<String> command() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Its temporary files where the pom puts those of the other Payara Micro JVMs (a killed
        // JVM leaves its unpacked runtime there: LeftoverTempDirs).
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + project.resolve("target"),
                "-jar", project.resolve("target/payara-micro.jar").toString(),
                "--deploy", project.resolve("target/chat-agent.war").toString()));
        command.addAll(Arrays.asList(microOptions().trim().split("\\s+")));
        command.addAll(List.of("--port", Integer.toString(port), "--systemproperties", systemProperties.toString()));
        return command;
    }

    private String microOptions() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(project.resolve("server-config/payara-micro.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("payara.micro.options") + " " + properties.getProperty("payara.micro.startup-gate");
    }
}
