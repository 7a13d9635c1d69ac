package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 ("no stack traces or database text in answers"): when a database refuses a request, the HTTP answer
 * says what kind of failure it was and what to do, never the database's own words (which name tables, columns,
 * constraints, hosts), nor a stack trace; the server's log has them.
 */
@Timeout(60)
class HttpErrorTextTest {
    private static final String CLICKHOUSE_WORDS = "Code: 60. DB::Exception: Table quiver.events does not exist on ch-7.internal";
    private static ServerSocket clickhouse;
    private static QuiverServer server;
    private static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        // a raw socket, not the JDK's HttpServer: the first of those in a JVM fixes its settings (deadlines, header
        // budget) for every later one, the Quiver servers of other tests included
        clickhouse = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(HttpErrorTextTest::refuseEveryQuery, "fake-clickhouse");
        answering.setDaemon(true);
        answering.start();
        server = QuiverServer.start(ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--demo-rows", "20",
                "--history", "--clickhouse-url", "http://127.0.0.1:" + clickhouse.getLocalPort()));
        http = new HttpTestClient(server.httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        clickhouse.close();
    }

    /** Answers every request 500 with ClickHouse's kind of error text, as a broken ClickHouse would. */
    private static void refuseEveryQuery() {
        byte[] body = CLICKHOUSE_WORDS.getBytes(StandardCharsets.UTF_8);
        while (!clickhouse.isClosed()) {
            try (Socket socket = clickhouse.accept()) {
                InputStream in = socket.getInputStream();
                long length = 0;
                String line;
                while (!(line = ChunkedBodyInputStream.readLine(in)).isEmpty()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Long.parseLong(line.substring("content-length:".length()).trim());
                    }
                }
                in.readNBytes((int) length);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // closed at the end of the test, or a client that went away: take the next
            }
        }
    }

    @Test
    void aValueTheDatabaseRefusesIs400WithoutTheDatabasesWords() {
        HttpTestClient.Response response = http.postGraphQL("{\"query\": \"mutation { updateOrderStatus(id: \\\"3\\\", status: \\\""
                + "x".repeat(300) + "\\\") { id } }\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.errorMessage()).contains("updateOrderStatus was refused by the database and changed nothing",
                "SQLSTATE 22");
        assertThat(response.body()).doesNotContain("CHARACTER VARYING", "public.", "Value too long", "\tat ");
    }

    @Test
    void aDuplicateKeyIs400WithoutTheDatabasesWords() {
        HttpTestClient.Response response = http.postGraphQL("{\"query\": \"mutation { createOrder(input: {id: \\\"3\\\","
                + " userId: \\\"1\\\", status: \\\"paid\\\", total: 1, itemCount: 1, createdAt: \\\"2026-01-01T00:00:00Z\\\"})"
                + " { id } }\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorMessage()).contains("createOrder was refused by the database", "SQLSTATE 23");
        assertThat(response.body()).doesNotContain("primary key", "public.", "orders_id", "violation", "\tat ");
    }

    @Test
    void aHistoryStoreThatFailsIs503WithoutItsWordsOrAddress() {
        HttpTestClient.Response response = http.postGraphQL("{\"query\": \"{ events(entityType: \\\"Order\\\","
                + " from: \\\"2026-01-01T00:00:00Z\\\", to: \\\"2026-01-02T00:00:00Z\\\") { eventId } }\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.errorCode()).isEqualTo("UNAVAILABLE");
        assertThat(response.errorMessage()).contains("ClickHouse");
        assertThat(response.body()).doesNotContain("DB::Exception", "ch-7.internal",
                "127.0.0.1:" + clickhouse.getLocalPort(), "\tat ");
    }
}
