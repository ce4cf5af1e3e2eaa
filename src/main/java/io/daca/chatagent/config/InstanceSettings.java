package io.daca.chatagent.config;

/**
 * Which deployment and which instance this is.
 *
 * @param namespace qualifies state keys, events and invocation targets ({@code namespace};
 *                  {@code NAMESPACE} from the downward API on Kubernetes)
 * @param hostId    this app instance in answers and logs ({@code host.id}; the pod name on
 *                  Kubernetes; unset: the machine's name and the HTTP port)
 */
public record InstanceSettings(String namespace, String hostId) {
}
