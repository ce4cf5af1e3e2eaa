package io.daca.chatagent.observe;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code log.format} ({@code LOG_FORMAT}): {@code text} (the default: server-config/logging.properties,
 * one line per record) or {@code json} ({@link JsonLogFormatter} on the root logger's handlers).
 * Applied when the application starts: the server's own lines before that stay as configured. The
 * Kubernetes Deployment sets {@code LOG_FORMAT=json}. Undeploying puts the previous formatters back.
 */
@ApplicationScoped
public class LogFormat {

    private static final Logger LOG = Logger.getLogger(LogFormat.class.getName());

    @Inject
    @ConfigProperty(name = "log.format", defaultValue = "text")
    String format;

    private final Map<Handler, Formatter> replaced = new IdentityHashMap<>();

    void apply(@Observes @Initialized(ApplicationScoped.class) Object started) {
        switch (format.trim().toLowerCase()) {
            case "json" -> {
                JsonLogFormatter json = new JsonLogFormatter();
                for (Handler handler : Logger.getLogger("").getHandlers()) {
                    replaced.put(handler, handler.getFormatter());
                    handler.setFormatter(json);
                }
                LOG.info(() -> "Logging as JSON lines on " + replaced.size() + " handler(s)");
            }
            case "text" -> {
                // as configured
            }
            default -> LOG.warning(() -> "log.format '" + format + "' is neither 'text' nor 'json'; logging as text");
        }
    }

    @PreDestroy
    void restore() {
        replaced.forEach(Handler::setFormatter);
        replaced.clear();
    }
}
