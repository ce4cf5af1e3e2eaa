package io.daca.chatagent.config;

/** The app's hash partitioner (key {@code partitions.count}; the partition ConfigMap on Kubernetes). */
public record PartitionSettings(int count) {
}
