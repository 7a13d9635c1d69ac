package dev.quiver.bridge.tools;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * A test's own events stream on the real NATS: in memory (no disk syncs to wait for), the contract's duplicate
 * window, atomic batches allowed, as the tools expect of the events stream. Closing deletes it and disconnects.
 */
record ScratchEventStream(Connection nats, JetStreamManagement management, String name) implements AutoCloseable {

    /** Connects and creates stream {@code name} on {@code <prefix>.>}; fails naming NATS if it is not running. */
    static ScratchEventStream open(Services services, String name, String prefix)
            throws IOException, InterruptedException, JetStreamApiException {
        services.require(ServiceName.NATS);
        Connection nats = Nats.connect(services.nats().url());
        JetStreamManagement management = nats.jetStreamManagement();
        management.addStream(StreamConfiguration.builder().name(name).subjects(prefix + ".>")
                .storageType(StorageType.Memory).duplicateWindow(Duration.ofMinutes(2)).allowAtomicPublish(true).build());
        return new ScratchEventStream(nats, management, name);
    }

    @Override
    public void close() throws IOException, InterruptedException, JetStreamApiException {
        try {
            management.deleteStream(name);
        } finally {
            nats.close();
        }
    }
}
