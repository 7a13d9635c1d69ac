package dev.quiver.client.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An in-process Flight server on 127.0.0.1 and a free port, serving {@link FakeQuiverProducer}. With auth it does
 * what a Quiver server does: basic credentials in the handshake are exchanged for a generated bearer token
 * ({@link BasicCallHeaderAuthenticator} inside {@link GeneratedBearerTokenAuthenticator}); it also accepts one
 * fixed token, {@link #STATIC_TOKEN}.
 */
public final class FakeQuiverServer implements AutoCloseable {
    public static final String USER = "ada";
    public static final String PASSWORD = "s3cret";
    public static final String STATIC_TOKEN = "static-token-123";

    private final BufferAllocator allocator;
    private final FakeQuiverProducer producer;
    private final FlightServer server;

    private final boolean tls;

    private FakeQuiverServer(boolean auth, boolean tls) {
        this.tls = tls;
        allocator = new RootAllocator();
        producer = new FakeQuiverProducer(allocator);
        Location location = tls ? Location.forGrpcTls("127.0.0.1", 0) : Location.forGrpcInsecure("127.0.0.1", 0);
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer);
        if (auth) {
            builder.headerAuthenticator(authenticator());
        }
        if (tls) {
            try {
                // the builder reads these streams only in build()
                builder.useTls(resource("server.crt"), resource("server.key"));
            } catch (IOException e) {
                allocator.close();
                throw new UncheckedIOException(e);
            }
        }
        server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            allocator.close();
            throw new UncheckedIOException(e);
        }
    }

    public static FakeQuiverServer start() {
        return new FakeQuiverServer(false, false);
    }

    public static FakeQuiverServer startWithAuth() {
        return new FakeQuiverServer(true, false);
    }

    /** TLS with the self-signed certificate in {@code src/test/resources/tls} (see {@link #certificate()}). */
    public static FakeQuiverServer startWithTls() {
        return new FakeQuiverServer(false, true);
    }

    /** The certificate a client must trust to reach {@link #startWithTls()}. */
    public static Path certificate() {
        try {
            return Path.of(FakeQuiverServer.class.getResource("/tls/server.crt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return URI.create((tls ? "grpc+tls://localhost:" : "grpc://127.0.0.1:") + server.getPort());
    }

    /** The same server under another name, so a client opens a second connection to it. */
    public URI alternateUri() {
        return URI.create("grpc://localhost:" + server.getPort());
    }

    public FakeQuiverProducer producer() {
        return producer;
    }

    private static InputStream resource(String name) throws IOException {
        try (InputStream in = FakeQuiverServer.class.getResourceAsStream("/tls/" + name)) {
            return new ByteArrayInputStream(in.readAllBytes());
        }
    }

    private static CallHeaderAuthenticator authenticator() {
        CallHeaderAuthenticator basicThenBearer = new GeneratedBearerTokenAuthenticator(
                new BasicCallHeaderAuthenticator((user, password) -> {
                    if (USER.equals(user) && PASSWORD.equals(password)) {
                        return () -> user;
                    }
                    throw CallStatus.UNAUTHENTICATED.withDescription("wrong user name or password")
                            .toRuntimeException();
                }));
        return headers -> {
            if (("Bearer " + STATIC_TOKEN).equals(headers.get("authorization"))) {
                return () -> "token-holder";
            }
            return basicThenBearer.authenticate(headers);
        };
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        server.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
        allocator.close();
    }
}
