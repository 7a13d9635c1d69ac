package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;

/**
 * What the attacks send, over the real server's two ports: GraphQL over HTTP ({@link HttpClient}), Flight calls
 * (an Arrow {@link FlightClient}) and raw sockets for clients that send or read slowly. Every call has a deadline
 * ({@code bound}): an answer that takes longer fails the test rather than hanging it.
 */
final class Attacker {
    private static final Pattern ACTIVE_STREAMS = Pattern.compile("\"activeStreams\"\\s*:\\s*(\\d+)");
    private final ServerProcess server;
    private final FlightClient flight;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Attacker(ServerProcess server, FlightClient flight) {
        this.server = server;
        this.flight = flight;
    }

    /** An HTTP answer and how long it took. */
    record Answer(int status, String body, Duration took) {
        @Override
        public String toString() {
            return "HTTP " + status + " in " + took.toMillis() + " ms: " + Canary.abbreviate(body);
        }
    }

    /** {@code {"query": query}} as JSON. */
    static String request(String query) {
        return "{\"query\":" + json(query) + "}";
    }

    /** {@code {"query": query, "variables": variablesJson}}. */
    static String request(String query, String variablesJson) {
        return "{\"query\":" + json(query) + ",\"variables\":" + variablesJson + "}";
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** POSTs {@code body} to {@code /graphql}; the answer must come within {@code bound}. */
    Answer post(String body, Duration bound) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.http("/graphql")).timeout(bound)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Answer answer = new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        assertThat(answer.took()).as("time to answer %s", answer).isLessThanOrEqualTo(bound);
        assertThat(answer.body()).as("no stack trace or Java class in the answer")
                .doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("org.h2.");
        return answer;
    }

    /** A GET of {@code path} (e.g. {@code /health}); its status, or -1 when no answer came within {@code bound}. */
    int get(String path, Duration bound) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(server.http(path)).timeout(bound).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** DoGet of {@code requestJson}, read to the end within {@code bound}; the error it ends with. */
    FlightRuntimeException doGetError(byte[] requestJson, Duration bound) throws Exception {
        long start = System.nanoTime();
        try (FlightStream stream = flight.getStream(new Ticket(requestJson),
                CallOptions.timeout(bound.toMillis(), TimeUnit.MILLISECONDS))) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            throw new AssertionError("the DoGet was answered with " + rows + " rows, not refused");
        } catch (FlightRuntimeException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to refuse (%s)", e.getMessage())
                    .isLessThanOrEqualTo(bound);
            return e;
        }
    }

    FlightRuntimeException doGetError(String requestJson, Duration bound) throws Exception {
        return doGetError(requestJson.getBytes(StandardCharsets.UTF_8), bound);
    }

    /** GetSchema of {@code requestJson} (no stream slot on the server); the error it fails with within {@code bound}. */
    FlightRuntimeException getSchemaError(String requestJson, Duration bound) {
        long start = System.nanoTime();
        try {
            flight.getSchema(FlightDescriptor.command(requestJson.getBytes(StandardCharsets.UTF_8)),
                    CallOptions.timeout(bound.toMillis(), TimeUnit.MILLISECONDS));
            throw new AssertionError("GetSchema answered instead of refusing");
        } catch (FlightRuntimeException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to refuse (%s)", e.getMessage())
                    .isLessThanOrEqualTo(bound);
            return e;
        }
    }

    /** GetFlightInfo of {@code requestJson}; how long the answer (or refusal) took, at most {@code bound}. */
    Duration getFlightInfo(String requestJson, Duration bound) {
        long start = System.nanoTime();
        try {
            flight.getInfo(FlightDescriptor.command(requestJson.getBytes(StandardCharsets.UTF_8)),
                    CallOptions.timeout(bound.toMillis(), TimeUnit.MILLISECONDS));
        } catch (FlightRuntimeException e) {
            assertThat(e.status().code().name()).as(e.getMessage()).isNotEqualTo("INTERNAL");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time to answer GetFlightInfo").isLessThanOrEqualTo(bound);
        return took;
    }

    /** A connection that sends {@code head} and then nothing (the caller dribbles more). */
    Socket openHttp(String head) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.httpPort());
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** POSTs {@code query} on a socket with a tiny receive buffer that is never read (a slow reader). */
    Socket neverReading(String query) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()));
        byte[] body = request(query).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /**
     * The first line of the server's answer on {@code socket} (e.g. {@code HTTP/1.1 200 OK}), read a byte at a time
     * so that no more of a slow reader's answer is taken than that line.
     */
    static String statusLine(Socket socket, Duration bound) throws IOException {
        socket.setSoTimeout((int) bound.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** Sends one more byte; false once the server has closed the connection. */
    static boolean dribble(Socket socket) {
        try {
            socket.getOutputStream().write('a');
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the server closed a connection whose client sends slowly (it has nothing to read): a read ends with
     * -1 or a reset rather than timing out.
     */
    static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Stream slots in use on the server (both transports), from Flight's {@code health} action. */
    int slotsInUse() {
        Iterator<Result> results = flight.doAction(new Action("health"),
                CallOptions.timeout(Canary.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        String health = new String(results.next().getBody(), StandardCharsets.UTF_8);
        Matcher active = ACTIVE_STREAMS.matcher(health);
        if (!active.find()) {
            throw new AssertionError("the health action's answer names no activeStreams: " + health);
        }
        return Integer.parseInt(active.group(1));
    }
}
