package io.daca.chatagent.partition;

import io.daca.chatagent.config.PartitionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one partitioner of the app, sized by {@code partitions.count}, and what it sorts on this host. */
@ApplicationScoped
public class Partitioners {

    @Produces
    @Singleton
    HashPartitioner hashPartitioner(PartitionSettings settings) {
        return new HashPartitioner(settings.count());
    }

    @Produces
    @Singleton
    ActiveActors activeActors(HashPartitioner partitioner) {
        return new ActiveActors(partitioner);
    }
}
