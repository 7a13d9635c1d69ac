package dev.quiver.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Real readiness probes, one per service, using only the JDK: an HTTP request where the service has an
 * HTTP health answer, a minimal wire-protocol exchange otherwise. A probe never throws; it reports what it
 * saw in a {@link ProbeResult}.
 */
final class ServiceProbes {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_SHOWN = 200;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // old servers here; no h2c upgrade attempts
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    ProbeResult probe(ServiceName service, ServiceSettings settings) {
        return switch (service) {
            case POSTGRES -> postgres(settings.postgres());
            case NATS -> httpProbe(service, settings.nats().monitorUrl() + "/healthz?js-enabled-only=true",
                    body -> true, "HTTP 200");
            case REDIS -> redis(settings.redis());
            case CLICKHOUSE -> clickhouse(settings.clickhouse());
            case ELASTICSEARCH -> httpProbe(service,
                    settings.elasticsearch().httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=5s",
                    body -> body.replace(" ", "").contains("\"timed_out\":false"), "HTTP 200 with \"timed_out\":false");
            case TOXIPROXY -> httpProbe(service, settings.toxiproxy().apiUrl() + "/version", body -> true, "HTTP 200");
        };
    }

    /**
     * Sends a protocol 3.0 StartupMessage and expects an Authentication request ('R'). An ErrorResponse
     * ('E', e.g. "the database system is starting up") is reported with the server's message.
     */
    private ProbeResult postgres(PostgresSettings pg) {
        String target = "postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database();
        try (Socket socket = connect(pg.host(), pg.port())) {
            socket.getOutputStream().write(startupMessage(pg.user(), pg.database()));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.read();
            if (type == 'R') {
                int length = in.readInt();
                int code = in.readInt();
                if (code == 0 && length == 8) {
                    socket.getOutputStream().write(new byte[] {'X', 0, 0, 0, 4}); // Terminate, politely
                }
                return ProbeResult.ready(ServiceName.POSTGRES, target, "authentication request (code " + code + ")");
            }
            if (type == 'E') {
                int length = in.readInt();
                byte[] body = in.readNBytes(Math.min(Math.max(length - 4, 0), 4096));
                return ProbeResult.notReady(ServiceName.POSTGRES, target, "error response: " + errorMessage(body));
            }
            return ProbeResult.notReady(ServiceName.POSTGRES, target,
                    type < 0 ? "connection closed without an answer" : "unexpected message type '" + (char) type + "'");
        } catch (IOException e) {
            return ProbeResult.notReady(ServiceName.POSTGRES, target, describe(e));
        }
    }

    private static byte[] startupMessage(String user, String database) {
        byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + params.length)
                .putInt(8 + params.length)
                .putInt(196608) // protocol 3.0
                .put(params)
                .array();
    }

    /** The 'M' (message) field of an ErrorResponse body, or the whole body if there is none. */
    private static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (String field : text.split("\0")) {
            if (field.startsWith("M")) {
                return field.substring(1);
            }
        }
        return shorten(text.replace('\0', ' '));
    }

    /** Sends an inline-array {@code PING} and expects {@code +PONG}. */
    private ProbeResult redis(RedisSettings redis) {
        String target = "redis://" + redis.host() + ":" + redis.port() + " PING";
        try (Socket socket = connect(redis.host(), redis.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = readLine(socket.getInputStream());
            return "+PONG".equals(line)
                    ? ProbeResult.ready(ServiceName.REDIS, target, line)
                    : ProbeResult.notReady(ServiceName.REDIS, target, "answer '" + shorten(line) + "' instead of +PONG");
        } catch (IOException e) {
            return ProbeResult.notReady(ServiceName.REDIS, target, describe(e));
        }
    }

    private ProbeResult clickhouse(ClickHouseSettings ch) {
        StringBuilder url = new StringBuilder(ch.httpUrl()).append("/?query=SELECT%201");
        if (!"default".equals(ch.user()) || !ch.password().isEmpty()) {
            url.append("&user=").append(URLEncoder.encode(ch.user(), StandardCharsets.UTF_8))
                    .append("&password=").append(URLEncoder.encode(ch.password(), StandardCharsets.UTF_8));
        }
        return httpProbe(ServiceName.CLICKHOUSE, url.toString(), "1"::equals, "HTTP 200 \"1\"");
    }

    /** GET {@code url}; ready on 200 whose stripped body passes {@code bodyOk}. */
    private ProbeResult httpProbe(ServiceName service, String url, Predicate<String> bodyOk, String expected) {
        String target = url.replaceAll("password=[^&]*", "password=***");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(READ_TIMEOUT).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body().strip();
            String observed = "HTTP " + response.statusCode() + " \"" + shorten(body) + "\"";
            return response.statusCode() == 200 && bodyOk.test(body)
                    ? ProbeResult.ready(service, target, observed)
                    : ProbeResult.notReady(service, target, observed + ", expected " + expected);
        } catch (HttpTimeoutException e) {
            return ProbeResult.notReady(service, target, "no answer within " + READ_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return ProbeResult.notReady(service, target, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.notReady(service, target, "interrupted while probing");
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < 1024) {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed without an answer");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_SHOWN ? oneLine : oneLine.substring(0, MAX_SHOWN) + "…";
    }
}
