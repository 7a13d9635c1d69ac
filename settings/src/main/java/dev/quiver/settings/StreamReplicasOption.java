package dev.quiver.settings;

import dev.quiver.sinks.api.EventStreamContract;
import picocli.CommandLine.Option;

/**
 * {@code --stream-replicas}: how many servers of a JetStream cluster keep a copy of each stream a program creates
 * when it is missing (the event-bridge's events and dead-letter streams, the flight-server relay's events stream), a
 * picocli mixin. Default {@value EventStreamContract#REPLICAS}; an existing stream keeps its own count.
 */
public final class StreamReplicasOption {
    @Option(names = "--stream-replicas", paramLabel = "N",
            defaultValue = "${env:QUIVER_STREAM_REPLICAS:-" + EventStreamContract.REPLICAS + "}",
            description = "JetStream replicas of a stream created when missing (1.." + EventStreamContract.MAX_REPLICAS
                    + "; 3 on a 3-node cluster, so the stream outlives any one node). An existing stream keeps its own.")
    private int replicas;

    /**
     * The replica count.
     *
     * @throws IllegalArgumentException naming the flag when it is out of range
     */
    public int replicas() {
        return EventStreamContract.requireReplicas(replicas);
    }
}
