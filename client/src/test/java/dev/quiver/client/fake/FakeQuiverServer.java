package dev.quiver.client.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>{@link #close()} closes in the order that leaves no buffer behind: the server (every call ended on the wire),
 * then the call handlers (every {@code getStream} returned and closed its root), and only then the allocator.
 */
public final class FakeQuiverServer implements AutoCloseable {
    public static final String USER = "ada";
    public static final String PASSWORD = "s3cret";
    public static final String STATIC_TOKEN = "static-token-123";

    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final BufferAllocator allocator;
    private final ExecutorService calls;
    private final FakeQuiverProducer producer;
    private final FlightServer server;

    private final boolean tls;

    private FakeQuiverServer(boolean auth, boolean tls) {
        this.tls = tls;
        allocator = new RootAllocator();
        calls = callExecutor();
        producer = new FakeQuiverProducer(allocator);
        Location location = tls ? Location.forGrpcTls("127.0.0.1", 0) : Location.forGrpcInsecure("127.0.0.1", 0);
        // our own executor, so that close() can wait for the handlers (Flight's default one is shut down unawaited)
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer).executor(calls);
        if (auth) {
            builder.headerAuthenticator(authenticator());
        }
        if (tls) {
            try {
                // the builder reads these streams only in build()
                builder.useTls(resource("server.crt"), resource("server.key"));
            } catch (IOException e) {
                calls.shutdownNow();
                allocator.close();
                throw new UncheckedIOException(e);
            }
        }
        server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            calls.shutdownNow();
            allocator.close();
            throw new UncheckedIOException(e);
        }
    }

    private static ExecutorService callExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-quiver-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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

    /**
     * Stops the server, waits for every call handler to return, then closes the allocator. gRPC's termination
     * means every call has ended on the wire, not that its handler has returned: {@code getStream} closes its
     * root only after {@code completed()} has sent the trailers, so a client can finish, and the server
     * terminate, while that root still holds its buffers. Closing the allocator then failed with "Memory was
     * leaked" now and then (issue 11).
     */
    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        boolean callsEnded = server.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.close();
        calls.shutdown();
        boolean handlersReturned = calls.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!callsEnded || !handlersReturned) {
            calls.shutdownNow();
            throw new IllegalStateException("the fake server's calls had not ended " + CLOSE_TIMEOUT_SECONDS
                    + " s after shutdown (calls ended: " + callsEnded + ", handlers returned: " + handlersReturned
                    + "); its allocator is left open with " + allocator.getAllocatedMemory() + " bytes");
        }
        allocator.close();
    }
}
