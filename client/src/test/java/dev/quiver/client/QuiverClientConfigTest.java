package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuiverClientConfigTest {

    @Test
    void defaults() {
        QuiverClientConfig config = QuiverClientConfig.ofDefaults();
        assertThat(config.uri()).isEqualTo(URI.create("grpc://localhost:50051"));
        assertThat(config.username()).isNull();
        assertThat(config.password()).isNull();
        assertThat(config.token()).isNull();
        assertThat(config.trustedCertificate()).isNull();
        assertThat(config.callTimeout()).isNull();
        assertThat(config.usesTls()).isFalse();
        assertThat(config.endpoints()).isEqualTo(1);
    }

    @Test
    void endpointsFromTheBuilderOrTheEnvironment() {
        assertThat(QuiverClientConfig.builder().endpoints(4).build().endpoints()).isEqualTo(4);
        assertThat(QuiverClientConfig.fromEnvironment(Map.of("QUIVER_ENDPOINTS", " 3 ")).endpoints()).isEqualTo(3);
        assertThat(QuiverClientConfig.fromEnvironment(Map.of("QUIVER_ENDPOINTS", "")).endpoints()).isEqualTo(1);
    }

    @Test
    void rejectsFewerThanOneEndpoint() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().endpoints(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoints must be at least 1");
    }

    @Test
    void rejectsEndpointsInTheEnvironmentThatAreNoNumber() {
        assertThatThrownBy(() -> QuiverClientConfig.fromEnvironment(Map.of("QUIVER_ENDPOINTS", "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUIVER_ENDPOINTS must be a whole number");
    }

    @Test
    void fromEnvironment() {
        QuiverClientConfig config = QuiverClientConfig.fromEnvironment(Map.of(
                "QUIVER_URL", "grpc+tls://quiver.example.com:443", "QUIVER_USER", "ada", "QUIVER_PASSWORD", "pw"));
        assertThat(config.uri()).isEqualTo(URI.create("grpc+tls://quiver.example.com:443"));
        assertThat(config.usesTls()).isTrue();
        assertThat(config.username()).isEqualTo("ada");
        assertThat(config.password()).isEqualTo("pw");

        assertThat(QuiverClientConfig.fromEnvironment(Map.of("QUIVER_TOKEN", "t", "QUIVER_URL", "")).token())
                .isEqualTo("t");
        assertThat(QuiverClientConfig.fromEnvironment(Map.of()).uri()).isEqualTo(URI.create("grpc://localhost:50051"));
    }

    @Test
    void toStringHidesSecrets() {
        String text = QuiverClientConfig.builder().basicAuth("ada", "hunter2").build().toString();
        assertThat(text).contains("ada").doesNotContain("hunter2");
        assertThat(QuiverClientConfig.builder().token("tok-secret").build().toString()).doesNotContain("tok-secret");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri("grpc://h:1").basicAuth("u", "p")
                .callTimeout(Duration.ofSeconds(3)).endpoints(2).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void rejectsHttpWithAPointerToGrpc() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("http://localhost:8080/graphql").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grpc://localhost:50051");
    }

    @Test
    void rejectsUnknownScheme() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("ftp://h:1").build())
                .hasMessageContaining("scheme 'ftp'");
    }

    @Test
    void rejectsAMissingPort() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("grpc://localhost").build())
                .hasMessageContaining("needs a port");
    }

    @Test
    void rejectsHostPortWithoutScheme() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("localhost:50051").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localhost:50051");
    }

    @Test
    void rejectsAMalformedUri() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("grpc://bad host:1"))
                .hasMessageContaining("malformed");
    }

    @Test
    void rejectsPasswordWithoutUser() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().password("p").build())
                .hasMessageContaining("without a username");
    }

    @Test
    void rejectsUserWithoutPassword() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().username("u").build())
                .hasMessageContaining("without a password");
    }

    @Test
    void rejectsTokenWithUser() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().basicAuth("u", "p").token("t").build())
                .hasMessageContaining("not both");
    }

    @Test
    void rejectsACertificateForAPlainServer(@TempDir Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> QuiverClientConfig.builder().trustedCertificate(pem).build())
                .hasMessageContaining("grpc+tls://");
    }

    @Test
    void rejectsAMissingCertificateFile(@TempDir Path dir) {
        assertThatThrownBy(() -> QuiverClientConfig.builder().uri("grpc+tls://h:443")
                .trustedCertificate(dir.resolve("missing.pem")).build())
                .hasMessageContaining("missing.pem").hasMessageContaining("not readable");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> QuiverClientConfig.builder().callTimeout(Duration.ZERO).build())
                .hasMessageContaining("callTimeout must be positive");
    }

    @Test
    void queryRequestRejectsAnEmptyQuery() {
        assertThatThrownBy(() -> QueryRequest.of("  ")).hasMessageContaining("query is empty");
    }
}
