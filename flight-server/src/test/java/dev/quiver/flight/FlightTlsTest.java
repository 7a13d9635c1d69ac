package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a certificate made in the test by the JDK's keytool, together with authentication. */
@Timeout(90)
class FlightTlsTest {
    @TempDir
    static Path directory;
    private static SelfSignedCertificate certificate;
    private static QuiverServer server;
    private static BufferAllocator allocator;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(directory);
        ServerConfig config = ServerConfig.builder().demoRows(50).batchRows(100)
                .security(new SecurityConfig(Users.parse("alice:s3cret", "--users"), certificate.certificate(), certificate.privateKey()))
                .build();
        server = QuiverServer.start(config);
        allocator = new RootAllocator();
    }

    @AfterAll
    static void stop() throws Exception {
        allocator.close();
        server.close();
    }

    @Test
    void aClientTrustingTheCertificateLogsInAndQueries() throws Exception {
        assertThat(server.uri()).isEqualTo("grpc+tls://127.0.0.1:" + server.port());
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls("localhost", server.port()))
                .useTls().trustedCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate.certificate())))
                .build()) {
            CredentialCallOption token = client.authenticateBasicToken("alice", "s3cret").orElseThrow();
            var info = client.getInfo(FlightDescriptor.command(GraphQLRequest.of("{ users(limit: 4) { id } }").toJson()),
                    token);
            long rows = 0;
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), token)) {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
            }
            assertThat(rows).isEqualTo(4);
        }
    }

    @Test
    void aClientNotTrustingTheCertificateIsRefusedInTheHandshake() throws Exception {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls("localhost", server.port()))
                .useTls().build()) {
            assertThatThrownBy(() -> client.authenticateBasicToken("alice", "s3cret"))
                    .isInstanceOfSatisfying(FlightRuntimeException.class,
                            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE));
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswer() throws Exception {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", server.port()))
                .build()) {
            assertThatThrownBy(() -> client.authenticateBasicToken("alice", "s3cret"))
                    .isInstanceOfSatisfying(FlightRuntimeException.class,
                            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE));
        }
    }

    @Test
    void aKeyThatIsNotPemIsAConfigErrorNamingTheFlags() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.key"), "not a key");
        ServerConfig config = ServerConfig.builder().demoRows(10).batchRows(100)
                .security(new SecurityConfig(Users.NONE, certificate.certificate(), garbage)).build();
        assertThatThrownBy(() -> QuiverServer.start(config).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert").hasMessageContaining("--tls-key").hasMessageContaining("PEM");
    }
}
