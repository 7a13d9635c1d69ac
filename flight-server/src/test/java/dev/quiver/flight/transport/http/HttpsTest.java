package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.SecurityConfig;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * M6 of the security review: with {@code --tls-cert} and {@code --tls-key} the HTTP port speaks HTTPS with the
 * certificate Flight uses, so credentials and bearer tokens (shared with Flight) never cross the network in clear.
 */
@Timeout(90)
class HttpsTest {
    private static final String QUERY = "{\"query\": \"{ users(limit: 2) { id } }\"}";
    private static final String ALICE = "Basic " + Base64.getEncoder()
            .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    @TempDir
    static Path directory;
    private static SelfSignedCertificate certificate;
    private static QuiverServer server;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(directory);
        server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100)
                .security(new SecurityConfig(Users.parse("alice:s3cret", "--users"), certificate.certificate(), certificate.privateKey()))
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aClientTrustingTheCertificateQueriesOverHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = client.send(post("https"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"data\":{\"users\":[");
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void aPlaintextRequestGetsNoAnswer() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> client.send(post("http"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientNotTrustingTheCertificateIsRefusedInTheHandshake() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> client.send(post("https"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientsStallingTheTlsHandshakeCannotHoldEveryWorker() throws Exception {
        // every worker, and then some, gets a connection that starts a TLS record and sends its bytes one at a time
        int workers = dev.quiver.flight.CallLimits.DEFAULTS.maxStreams() + HttpSettings.SPARE_THREADS;
        List<Socket> stalling = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (int i = 0; i < workers + 4; i++) {
                Socket socket = new Socket("127.0.0.1", server.httpPort());
                stalling.add(socket);
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a 512-byte handshake record, begun
            }
            Duration deadline = QuiverHttpServer.readTimeout().plus(Duration.ofSeconds(30)); // the JVM's, and slack
            Await.until("/health to answer over HTTPS while " + stalling.size() + " clients stall their handshakes",
                    deadline, () -> healthOver(client) == 200);
            Await.until("the server to close every stalled handshake", deadline,
                    () -> stalling.stream().allMatch(HttpsTest::closedByServer));
        } finally {
            for (Socket socket : stalling) {
                socket.close();
            }
        }
    }

    private static int healthOver(HttpClient client) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(100);
            socket.getOutputStream().write(0x01);
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed
        }
    }

    private static HttpRequest post(String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.httpPort() + "/graphql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", ALICE)
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)).build();
    }

    static SSLContext trusting(Path certificatePem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            trusted.setCertificateEntry("quiver", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
