package io.daca.chatagent.partition;

import io.daca.chatagent.config.ServiceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one partitioner of the app, sized by {@code partitions.count}. */
@ApplicationScoped
public class Partitioners {

    @Produces
    @Singleton
    HashPartitioner hashPartitioner(ServiceSettings settings) {
        return new HashPartitioner(settings.partitionCount());
    }
}
