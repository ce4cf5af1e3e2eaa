package io.daca.chatagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The start-up gate's pre-boot file replaces the common one (Payara Micro runs only the last
 * --prebootcommandfile), so it must run the same commands, and then close the HTTP listener that
 * its post-deploy file opens.
 */
class StartupGateFilesTest {

    private static final String LISTENER = "set configs.config.server-config.network-config.network-listeners"
            + ".network-listener.http-listener.enabled=";

    private static List<String> commands(String file) throws IOException {
        return Files.readAllLines(Path.of(file)).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theGatedPreBootFileIsTheCommonOnePlusClosingTheListener() throws IOException {
        List<String> common = commands("server-config/pre-boot-commands.asadmin");
        List<String> gated = commands("server-config/startup-gate/pre-boot-commands.asadmin");
        assertEquals(common, gated.subList(0, gated.size() - 1));
        assertEquals(LISTENER + "false", gated.get(gated.size() - 1));
        assertEquals(List.of(LISTENER + "true"), commands("server-config/startup-gate/post-deploy-commands.asadmin"));
    }

    @Test
    void theGateOptionsNameTheseFilesAfterTheCommonOptions() throws IOException {
        Properties micro = new Properties();
        micro.load(new StringReader(Files.readString(Path.of("server-config/payara-micro.properties"))));
        assertTrue(micro.getProperty("payara.micro.options").contains("--prebootcommandfile server-config/pre-boot-commands.asadmin"));
        assertEquals("--prebootcommandfile server-config/startup-gate/pre-boot-commands.asadmin "
                + "--postdeploycommandfile server-config/startup-gate/post-deploy-commands.asadmin",
                micro.getProperty("payara.micro.startup-gate"));
        for (String launcher : List.of("scripts/run.sh", "scripts/container-entrypoint.sh")) {
            String script = Files.readString(Path.of(launcher));
            assertTrue(script.contains("payara.micro.startup-gate"), launcher);
            assertTrue(script.contains("if [ \"${PAYARA_STARTUP_GATE:-true}\" != false ]; then"), launcher + ": on unless turned off");
        }
    }
}
