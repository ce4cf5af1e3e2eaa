package io.daca.chatagent.chat;

import io.daca.chatagent.observe.AppMetrics;
import io.daca.chatagent.partition.ActiveActors;
import io.daca.chatagent.partition.HashPartitioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The ChatAgent actors active on this instance, per hash partition, as gauges read at every scrape
 * ({@code chat_active_actors{partition="3"}}; their sum is the instance's total).
 */
@ApplicationScoped
public class ChatGauges {

    @Inject
    AppMetrics metrics;

    @Inject
    ActiveActors activeActors;

    @Inject
    HashPartitioner partitioner;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (int p = 0; p < partitioner.partitionCount(); p++) {
            int partition = p;
            metrics.gauge("chat_active_actors", "ChatAgent actors active on this instance, by hash partition",
                    () -> activeActors.byPartition().getOrDefault(partition, 0), new Tag("partition", Integer.toString(p)));
        }
    }
}
