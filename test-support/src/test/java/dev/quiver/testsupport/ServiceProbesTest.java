package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probes against tiny fake servers: what counts as ready, and what is reported otherwise. */
class ServiceProbesTest {
    private final ServiceProbes probes = new ServiceProbes();
    private HttpServer http;
    private ServerSocket tcp;
    private Thread tcpThread;

    @AfterEach
    void stopServers() throws Exception {
        if (http != null) {
            http.stop(0);
        }
        if (tcp != null) {
            tcp.close();
            tcpThread.join(2000);
        }
    }

    private int httpServer(String path, int status, String body) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return http.getAddress().getPort();
    }

    /** Accepts one connection, reads {@code requestBytes} bytes, answers {@code reply}, closes. */
    private int tcpServer(int requestBytes, byte[] reply) throws IOException {
        tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        tcpThread = new Thread(() -> {
            try (Socket s = tcp.accept(); InputStream in = s.getInputStream()) {
                in.readNBytes(requestBytes);
                s.getOutputStream().write(reply);
                s.getOutputStream().flush();
            } catch (IOException ignored) {
                // test ended
            }
        });
        tcpThread.start();
        return tcp.getLocalPort();
    }

    private static ServiceSettings with(String variable, int port) {
        Function<String, String> env = Map.of(variable, Integer.toString(port))::get;
        return ServiceSettings.fromEnvironment(env);
    }

    @Test
    void clickHouseAnsweringOneIsReady() throws IOException {
        int port = httpServer("/", 200, "1\n");

        ProbeResult result = probes.probe(ServiceName.CLICKHOUSE, with("QUIVER_CLICKHOUSE_HTTP_PORT", port));

        assertThat(result.ready()).as(result.observed()).isTrue();
    }

    @Test
    void clickHouseAnsweringSomethingElseIsNotReadyAndSaysWhat() throws IOException {
        int port = httpServer("/", 500, "Code: 81, DB::Exception: Database default doesn't exist");

        ProbeResult result = probes.probe(ServiceName.CLICKHOUSE, with("QUIVER_CLICKHOUSE_HTTP_PORT", port));

        assertThat(result.ready()).isFalse();
        assertThat(result.observed()).contains("HTTP 500").contains("Code: 81");
    }

    @Test
    void elasticsearchTimedOutHealthIsNotReady() throws IOException {
        int port = httpServer("/_cluster/health", 200, "{\"status\":\"red\",\"timed_out\":true}");

        ProbeResult result = probes.probe(ServiceName.ELASTICSEARCH, with("QUIVER_ELASTICSEARCH_PORT", port));

        assertThat(result.ready()).isFalse();
        assertThat(result.observed()).contains("\"timed_out\":true");
    }

    @Test
    void elasticsearchYellowHealthIsReady() throws IOException {
        int port = httpServer("/_cluster/health", 200, "{\"status\" : \"yellow\", \"timed_out\" : false}");

        ProbeResult result = probes.probe(ServiceName.ELASTICSEARCH, with("QUIVER_ELASTICSEARCH_PORT", port));

        assertThat(result.ready()).as(result.observed()).isTrue();
    }

    @Test
    void natsHealthzIsProbedOnTheMonitorPort() throws IOException {
        int port = httpServer("/healthz", 503, "{\"status\":\"unavailable\",\"error\":\"JetStream not enabled\"}");

        ProbeResult result = probes.probe(ServiceName.NATS, with("QUIVER_NATS_MONITOR_PORT", port));

        assertThat(result.ready()).isFalse();
        assertThat(result.target()).isEqualTo("http://127.0.0.1:" + port + "/healthz?js-enabled-only=true");
        assertThat(result.observed()).contains("HTTP 503").contains("JetStream not enabled");
    }

    @Test
    void redisPongIsReady() throws IOException {
        int port = tcpServer(14, "+PONG\r\n".getBytes(StandardCharsets.US_ASCII));

        ProbeResult result = probes.probe(ServiceName.REDIS, with("QUIVER_REDIS_PORT", port));

        assertThat(result.ready()).as(result.observed()).isTrue();
    }

    @Test
    void redisAskingForAuthIsNotReadyAndShowsTheAnswer() throws IOException {
        int port = tcpServer(14, "-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII));

        ProbeResult result = probes.probe(ServiceName.REDIS, with("QUIVER_REDIS_PORT", port));

        assertThat(result.ready()).isFalse();
        assertThat(result.observed()).contains("-NOAUTH");
    }

    @Test
    void postgresAuthenticationRequestIsReady() throws IOException {
        // AuthenticationMD5Password: 'R', length 12, code 5, 4 salt bytes
        byte[] reply = {'R', 0, 0, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4};
        int port = tcpServer(8, reply);

        ProbeResult result = probes.probe(ServiceName.POSTGRES, with("QUIVER_POSTGRES_PORT", port));

        assertThat(result.ready()).as(result.observed()).isTrue();
    }

    @Test
    void postgresStartingUpIsNotReadyAndShowsTheServerMessage() throws IOException {
        byte[] fields = "SFATAL\0C57P03\0Mthe database system is starting up\0\0".getBytes(StandardCharsets.UTF_8);
        byte[] reply = new byte[5 + fields.length];
        reply[0] = 'E';
        int length = 4 + fields.length;
        reply[1] = (byte) (length >>> 24);
        reply[2] = (byte) (length >>> 16);
        reply[3] = (byte) (length >>> 8);
        reply[4] = (byte) length;
        System.arraycopy(fields, 0, reply, 5, fields.length);
        int port = tcpServer(8, reply);

        ProbeResult result = probes.probe(ServiceName.POSTGRES, with("QUIVER_POSTGRES_PORT", port));

        assertThat(result.ready()).isFalse();
        assertThat(result.observed()).contains("the database system is starting up");
    }
}
