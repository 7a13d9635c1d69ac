package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large answer (about 60,000 rows, 15 MB of JSON) is streamed: it arrives chunked, and while the client
 * stops reading the server stops producing after what the socket buffers hold, instead of building the rest of
 * the answer in memory. When the client reads on, every row arrives and the document is complete.
 */
@Timeout(120)
class HttpStreamingTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpStreamingTest.class);
    private static final long ORDERS = 30_000;
    private static final int BATCH_ROWS = 2_000;
    // long aliases make each row ~250 bytes of JSON, so the answer (~15 MB) dwarfs the socket buffers (~4 MB)
    private static final String QUERY = "{ orderItems { identifierOfThisOrderItemInTheDemoShop: id"
            + " identifierOfTheOrderThisItemBelongsTo: orderId identifierOfTheProductThatWasOrdered: productId"
            + " numberOfUnitsOfTheProductInThisOrder: quantity priceOfOneUnitWhenTheOrderWasPlaced: unitPrice } }";
    private static QuiverServer server;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(ORDERS).batchRows(BATCH_ROWS).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aLargeAnswerIsStreamedInChunksAndWaitsForASlowClient() throws Exception {
        long total = totalRows();
        assertThat(total).isGreaterThan(50_000);
        double rowsBefore = rowsStreamed();
        double okBefore = okRequests();

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024); // before connect, so the client window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] body = new String(GraphQLRequest.of(QUERY).toJson(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();

            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            assertThat(ChunkedBodyInputStream.readLine(in)).startsWith("HTTP/1.1 200");
            Map<String, String> headers = headers(in);
            assertThat(headers).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
            InputStream chunks = new ChunkedBodyInputStream(in);
            byte[] start = chunks.readNBytes(40);
            assertThat(new String(start, StandardCharsets.UTF_8)).startsWith("{\"data\":{\"orderItems\":[{\"identifier");

            // the client now stops reading: the server must stall with the rest of the answer unproduced
            double stalledAt = awaitStalled(rowsBefore);
            LOG.info("with the client not reading, the server stalled after {} of {} rows", (long) stalledAt, total);
            assertThat(inFlight()).as("the stream is still open (stalled at %s of %d rows)", stalledAt, total).isEqualTo(1);
            assertThat(stalledAt).as("rows produced while the client read nothing, of %d", total).isLessThan(total / 2.0);

            long rows = countRows(new SequenceOfStart(start, chunks));
            assertThat(rows).isEqualTo(total);
        }
        // the server records the outcome just after its last byte, which the client may read first
        awaitUntil(() -> okRequests() - okBefore == 1, "the request to be recorded as ok");
        assertThat(rowsStreamed() - rowsBefore).isEqualTo(total);
        assertThat(inFlight()).isZero();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 5 s for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits (at most 20 s) until the server's streamed-row count stops moving for half a second. */
    private static double awaitStalled(double rowsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        double last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            double now = rowsStreamed() - rowsBefore;
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 500_000_000L) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server kept producing rows for 20 s although the client read nothing (at " + last + ")");
    }

    private static long countRows(InputStream body) throws Exception {
        long rows = 0;
        try (JsonParser json = HttpTestClient.JSON.getFactory().createParser(body)) {
            assertThat(json.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(json.nextFieldName()).isEqualTo("data");
            assertThat(json.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(json.nextFieldName()).isEqualTo("orderItems");
            assertThat(json.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                json.skipChildren();
                rows++;
            }
            assertThat(json.currentToken()).isEqualTo(JsonToken.END_ARRAY);
            assertThat(json.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(json.nextToken()).as("no errors after the data").isEqualTo(JsonToken.END_OBJECT);
            assertThat(json.nextToken()).isNull();
        }
        return rows;
    }

    private static Map<String, String> headers(InputStream in) throws Exception {
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = ChunkedBodyInputStream.readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** The rows the query has, counted over a Flight stream (GetFlightInfo gives no count on the embedded source). */
    private static long totalRows() throws Exception {
        try (RootAllocator allocator = new RootAllocator();
             FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
             FlightStream stream = flight.getStream(new Ticket(GraphQLRequest.of(QUERY).toJson()))) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            return rows;
        }
    }

    private static double rowsStreamed() {
        return server.metrics().registry().get(QuiverMetrics.ROWS_STREAMED).tag("transport", "http").counter().count();
    }

    private static double okRequests() {
        return server.metrics().registry().get(QuiverMetrics.REQUESTS).tag("transport", "http").tag("outcome", "ok")
                .counter().count();
    }

    private static double inFlight() {
        return server.metrics().registry().get(QuiverMetrics.STREAMS_IN_FLIGHT).tag("transport", "http").gauge().value();
    }

    /** The bytes already read, then the rest of the body. */
    private static final class SequenceOfStart extends java.io.SequenceInputStream {
        SequenceOfStart(byte[] start, InputStream rest) {
            super(new java.io.ByteArrayInputStream(start), rest);
        }
    }
}
