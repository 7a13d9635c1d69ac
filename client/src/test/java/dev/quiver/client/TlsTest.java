package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeQuiverServer;
import java.net.URI;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsTest {
    private FakeQuiverServer server;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.startWithTls();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void grpcTlsWithTheServersCertificateTrusted() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri())
                .trustedCertificate(FakeQuiverServer.certificate()).build();
        try (QuiverClient client = QuiverClient.connect(config);
                Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(table.getRowCount()).isEqualTo(3);
            assertThat(client.health().isOk()).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateIsATlsFailure() {
        try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.uri()).build())) {
            assertThatThrownBy(client::health).isInstanceOfSatisfying(QuiverQueryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageStartingWith("TLS handshake with " + server.uri() + " failed");
        }
    }

    @Test
    void plainGrpcToATlsServerFails() {
        URI plain = URI.create("grpc://localhost:" + server.uri().getPort());
        try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(plain).build())) {
            assertThatThrownBy(client::health).isInstanceOfSatisfying(QuiverQueryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }
}
