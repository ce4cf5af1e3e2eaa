package io.daca.chatagent.chat;

import io.daca.chatagent.config.ResponderSettings;
import io.dapr.client.DaprPreviewClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/** The responder {@code chat.responder} names; the Dapr preview client is built only when it is used. */
@ApplicationScoped
public class Responders {

    private static final Logger LOG = Logger.getLogger(Responders.class.getName());

    @Produces
    @Singleton
    Responder responder(ResponderSettings settings, Instance<DaprPreviewClient> previewClient) {
        return switch (settings.mode()) {
            case TEMPLATE -> new TemplateResponder();
            case CONVERSATION -> {
                LOG.info(() -> "Answering with a language model: Dapr conversation component '" + settings.component()
                        + "', timeout " + settings.timeout().toMillis() + " ms");
                yield new ConversationResponder(previewClient.get(), settings);
            }
        };
    }
}
