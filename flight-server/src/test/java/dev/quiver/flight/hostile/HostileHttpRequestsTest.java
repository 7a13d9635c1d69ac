package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerArgs;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.transport.http.QuiverHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * M10 of the security review (DNS rebinding: a page on a name the attacker points at 127.0.0.1 reads the
 * database, its requests carrying that name as {@code Host}) and the HTTP header budget of issue 13, with raw
 * sockets since an HTTP client library will not send a forged {@code Host}.
 */
@Timeout(120)
class HostileHttpRequestsTest {
    /** The review's request: {@code GET /graphql?query={ users(limit: 3) { email } }}. */
    private static final String USERS_EMAILS = "/graphql?query=%7B%20users(limit%3A%203)%20%7B%20email%20%7D%20%7D";

    private static QuiverServer server;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theReviewsRebindingRequestWithHostEvilExampleIsRefusedNamingTheFlag() throws Exception {
        Answer answer = get(server.httpPort(), USERS_EMAILS, "evil.example");

        assertThat(answer.status()).isEqualTo(421);
        assertThat(answer.body()).contains("evil.example", "--allowed-hosts", "QUIVER_ALLOWED_HOSTS")
                .doesNotContain("@"); // no email
    }

    @Test
    void everyPathChecksTheHost() throws Exception {
        for (String path : new String[] {"/health", "/metrics", "/graphql/cancel", "/nowhere"}) {
            assertThat(get(server.httpPort(), path, "evil.example:" + server.httpPort()).status()).as(path).isEqualTo(421);
        }
    }

    @Test
    void theLoopbackNamesAndTheBindAddressAreServedWithOrWithoutAPort() throws Exception {
        int port = server.httpPort();
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:" + port, "localhost", "LOCALHOST:" + port,
                "[::1]:" + port, "[::1]"}) {
            Answer answer = get(port, USERS_EMAILS, host);
            assertThat(answer.status()).as(host).isEqualTo(200);
            assertThat(answer.body()).as(host).contains("\"users\":[{\"email\":");
        }
    }

    @Test
    void aNameGivenByAllowedHostsIsServedAndOthersStillRefused() throws Exception {
        ServerConfig config = ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--demo-rows", "20",
                "--allowed-hosts", "quiver.internal, Reports.Example.com");
        try (QuiverServer named = QuiverServer.start(config)) {
            assertThat(get(named.httpPort(), USERS_EMAILS, "quiver.internal:" + named.httpPort()).status()).isEqualTo(200);
            assertThat(get(named.httpPort(), "/health", "reports.example.com").status()).isEqualTo(200);
            assertThat(get(named.httpPort(), "/health", "localhost").status()).isEqualTo(200);
            assertThat(get(named.httpPort(), "/health", "evil.example").status()).isEqualTo(421);
        }
    }

    @Test
    void aStarInAllowedHostsAllowsAnyHost() throws Exception {
        ServerConfig config = ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--demo-rows", "20",
                "--allowed-hosts", "*");
        try (QuiverServer open = QuiverServer.start(config)) {
            assertThat(get(open.httpPort(), USERS_EMAILS, "evil.example").status()).isEqualTo(200);
        }
    }

    @Test
    void headersLargerThanTheBudgetAreRefusedBeforeAnyHandlerRuns() throws Exception {
        int budget = QuiverHttpServer.maxHeaderBytes(); // the JVM's: the JDK reads it once
        assertThat(budget).isEqualTo(64 << 10);
        String big = "X-Big: " + "a".repeat(budget + 1024);

        Answer answer = get(server.httpPort(), "/health", "127.0.0.1", big);

        assertThat(answer.status()).as("refused (0: closed unanswered)").isNotEqualTo(200);
        assertThat(answer.body()).doesNotContain("\"status\"");
        assertThat(get(server.httpPort(), "/health", "127.0.0.1", "X-Small: " + "a".repeat(budget / 2)).status())
                .isEqualTo(200);
    }

    /** The status and body of one GET; status 0 when the server closed the connection without an answer. */
    private record Answer(int status, String body) {
    }

    private static Answer get(int port, String path, String host, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            byte[] answer;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                answer = in.readAllBytes();
            } catch (SocketException e) { // reset: the server closed the connection without reading all of it
                return new Answer(0, "");
            }
            String text = new String(answer, StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                return new Answer(0, text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }
}
