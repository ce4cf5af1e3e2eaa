package io.daca.chatagent.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that {@code mvn package} built: the tests deploy exactly what ships. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive builtWar() {
        File war = new File(System.getProperty("it.war", "target/chat-agent.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing; run the ITs through 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
