package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.CallLimits;
import dev.quiver.flight.ClientBudgets;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.transport.http.HttpSettings;
import dev.quiver.flight.transport.http.QuiverHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H4 and H5 of the security review, with raw sockets against the HTTP port: clients that send their headers a
 * byte at a time, and clients that ask for a large answer and never read it. Neither may hold the server's workers
 * or stream slots past the configured deadlines ({@code --http-read-timeout}, {@code --http-write-timeout}), and a
 * query that stops (its timeout) ends even while its write is blocked.
 */
@Timeout(240)
class HostileHttpClientsTest {
    private static final int MAX_STREAMS = 4;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** Slack for the JDK server's once-a-second timer and a slow machine; the conditions are awaited, not slept. */
    private static final Duration SLACK = Duration.ofSeconds(30);
    /** About 18 MB of JSON on the demo data: far more than the socket buffers hold. */
    private static final String LARGE = "{ orderItems { id orderId productId quantity unitPrice } }";

    private static QuiverServer server;
    private static HttpClient http;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(demo(new CallLimits(MAX_STREAMS, Duration.ofMinutes(5)), WRITE_TIMEOUT));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static ServerConfig demo(CallLimits calls, Duration writeTimeout) {
        return ServerConfig.builder().demoRows(100_000).batchRows(65_536).calls(calls)
                .budgets(ClientBudgets.DEFAULTS.withHttpTimeouts(READ_TIMEOUT, writeTimeout)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeSockets() throws IOException {
        dribbler.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void clientsSendingTheirHeadersSlowlyCannotHoldEveryWorker() throws Exception {
        int workers = MAX_STREAMS + HttpSettings.SPARE_THREADS;
        for (int i = 0; i < workers; i++) {
            Socket socket = new Socket("127.0.0.1", server.httpPort());
            sockets.add(socket);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        }
        dribbler.scheduleAtFixedRate(() -> sockets.forEach(HostileHttpClientsTest::dribble), 200, 500, TimeUnit.MILLISECONDS);
        Duration deadline = QuiverHttpServer.readTimeout(); // the JVM's: the JDK reads it once

        Await.until("/health to answer while " + workers + " clients send headers a byte at a time", deadline.plus(SLACK),
                () -> status("/health") == 200);
        Await.until("the server to close every slow client", deadline.plus(SLACK),
                () -> sockets.stream().allMatch(HostileHttpClientsTest::closedByServer));
        assertThat(graphql("{ users(limit: 2) { id } }")).contains("\"users\":[{");
    }

    @Test
    void aClientThatNeverReadsReleasesItsStreamSlotAfterTheWriteTimeout() throws Exception {
        Socket reader = neverReading(LARGE);

        Await.until("the large query to hold a stream slot", SLACK, () -> server.streamSlots().inUse() == 1);
        Await.until("the blocked answer to end and free its slot", WRITE_TIMEOUT.plus(SLACK),
                () -> server.streamSlots().inUse() == 0, () -> "(in use: " + server.streamSlots().inUse() + ")");
        assertThat(server.runningQueries().size()).isZero();
        assertThat(graphql("{ users(limit: 2) { id } }")).contains("\"users\":[{");
        assertThat(reader.isClosed()).isFalse(); // the client did nothing; the server ended it
    }

    @Test
    void aQueryThatTimesOutEndsWhileItsWriteIsBlocked() throws Exception {
        // a write timeout far beyond the test, so only the query timeout can end the blocked write
        try (QuiverServer patient = QuiverServer.start(demo(new CallLimits(MAX_STREAMS, Duration.ofSeconds(3)),
                Duration.ofHours(1)))) {
            neverReading(patient.httpPort(), LARGE);

            Await.until("the large query to hold a stream slot", SLACK, () -> patient.streamSlots().inUse() == 1);
            Await.until("the timed-out query to end and free its slot", SLACK,
                    () -> patient.streamSlots().inUse() == 0, () -> "(in use: " + patient.streamSlots().inUse() + ")");
            assertThat(patient.runningQueries().size()).isZero();
        }
    }

    private Socket neverReading(String query) throws IOException {
        return neverReading(server.httpPort(), query);
    }

    /** Sends the query on a socket with a tiny receive buffer and never reads from it. */
    private Socket neverReading(int port, String query) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        sockets.add(socket);
        byte[] body = ("{\"query\":\"" + query + "\"}").getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return socket;
    }

    private static void dribble(Socket socket) {
        try {
            socket.getOutputStream().write('a');
        } catch (IOException e) {
            // the server closed it: what the test waits for
        }
    }

    /** Whether the server has closed the connection: a read ends (-1 or reset) rather than timing out. */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(100);
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    private static int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // no answer within 3 s: the workers are still held
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String graphql(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/graphql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
