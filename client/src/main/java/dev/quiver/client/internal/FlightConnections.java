package dev.quiver.client.internal;

import dev.quiver.client.QuiverClientConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight connections of one {@link dev.quiver.client.QuiverClient}: the server it was configured with, plus
 * one per other location an endpoint points to (a server may spread a result over several instances). Each is
 * authenticated the same way: basic credentials are exchanged for a bearer token on every server (tokens are
 * per server), a configured token is sent as is.
 */
public final class FlightConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlightConnections.class);
    private static final String REUSE_CONNECTION_SCHEME = "arrow-flight-reuse-connection";

    private final QuiverClientConfig config;
    private final BufferAllocator allocator;
    private final Connection primary;
    private final Map<URI, Connection> others = new LinkedHashMap<>();

    public FlightConnections(QuiverClientConfig config, BufferAllocator allocator) {
        this.config = config;
        this.allocator = allocator;
        this.primary = open(config.uri());
    }

    public Connection primary() {
        return primary;
    }

    /** The connection to read {@code endpoint} from: the primary one unless the endpoint names another server. */
    public synchronized Connection forEndpoint(FlightEndpoint endpoint) {
        List<Location> locations = endpoint.getLocations();
        if (locations.isEmpty()) {
            return primary;
        }
        URI target = locations.get(0).getUri();
        if (REUSE_CONNECTION_SCHEME.equals(target.getScheme()) || target.equals(primary.uri())) {
            return primary;
        }
        Connection existing = others.get(target);
        if (existing == null) {
            existing = open(target);
            others.put(target, existing);
        }
        return existing;
    }

    private Connection open(URI uri) {
        Location location = new Location(uri);
        FlightClient.Builder builder = FlightClient.builder(allocator, location);
        if ("grpc+tls".equals(uri.getScheme())) {
            builder.useTls();
            if (config.trustedCertificate() != null) {
                try {
                    // read now: the builder reads its stream only in build()
                    byte[] pem = Files.readAllBytes(config.trustedCertificate());
                    builder.trustedCertificates(new ByteArrayInputStream(pem));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read trusted certificate "
                            + config.trustedCertificate() + ": " + e.getMessage(), e);
                }
            }
        }
        FlightClient client = builder.build();
        try {
            Connection connection = new Connection(uri, client, callOptions(client, uri));
            LOG.debug("connected to {} ({})", uri, config.username() != null ? "basic auth"
                    : config.token() != null ? "bearer token" : "no auth");
            return connection;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private CallOption[] callOptions(FlightClient client, URI uri) {
        List<CallOption> options = new ArrayList<>(2);
        if (config.username() != null) {
            Optional<CredentialCallOption> bearer;
            try {
                bearer = client.authenticateBasicToken(config.username(), config.password());
            } catch (FlightRuntimeException e) {
                throw FlightErrors.toQuiver(e, uri);
            }
            // a server that answers the handshake without a token accepts the basic header on every call
            options.add(bearer.orElseGet(() -> new CredentialCallOption(
                    new BasicAuthCredentialWriter(config.username(), config.password()))));
        } else if (config.token() != null) {
            options.add(new CredentialCallOption(new BearerCredentialWriter(config.token())));
        }
        if (config.callTimeout() != null) {
            options.add(CallOptions.timeout(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        return options.toArray(new CallOption[0]);
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> clients = new ArrayList<>();
        others.values().forEach(c -> clients.add(c.client()));
        clients.add(primary.client());
        others.clear();
        try {
            AutoCloseables.close(clients);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Flight connections failed", e);
        }
    }

    private static void closeQuietly(FlightClient client) {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
