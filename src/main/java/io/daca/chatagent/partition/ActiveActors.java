package io.daca.chatagent.partition;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ChatAgent actors active on this host, as activations and deactivations happen here, so
 * {@code GET /analytics} can show them by the app's hash partition (daprd's metadata API only
 * counts them).
 */
public class ActiveActors {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final HashPartitioner partitioner;

    public ActiveActors(HashPartitioner partitioner) {
        this.partitioner = partitioner;
    }

    public void activated(String actorId) {
        ids.add(actorId);
    }

    public void deactivated(String actorId) {
        ids.remove(actorId);
    }

    public int count() {
        return ids.size();
    }

    /** Partition → number of active actors in it; partitions without any are left out. */
    public Map<Integer, Integer> byPartition() {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (String id : ids) {
            counts.merge(partitioner.partitionOf(id), 1, Integer::sum);
        }
        return counts;
    }
}
