package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS context from Flight's PEM files ({@code --tls-cert}, {@code --tls-key}). */
class PemSslContextTest {
    @TempDir
    Path directory;

    @Test
    void anEcCertificateAndItsPkcs8KeyMakeAServerContext() throws Exception {
        SelfSignedCertificate pem = SelfSignedCertificate.create(directory);

        SSLContext context = PemSslContext.load(pem.certificate(), pem.privateKey());

        assertThat(context.createSSLEngine().getSupportedProtocols()).contains("TLSv1.3");
    }

    @Test
    void aPkcs1KeyIsRefusedSayingHowToConvertIt() throws Exception {
        SelfSignedCertificate pem = SelfSignedCertificate.create(directory);
        Path pkcs1 = Files.writeString(directory.resolve("rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK==\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemSslContext.load(pem.certificate(), pkcs1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-key").hasMessageContaining("PKCS#8").hasMessageContaining("openssl pkcs8");
    }

    @Test
    void aCertificateFileWithoutACertificateIsRefusedNamingTheFlag() throws Exception {
        SelfSignedCertificate pem = SelfSignedCertificate.create(directory);
        Path empty = Files.writeString(directory.resolve("empty.crt"), "nothing here\n");

        assertThatThrownBy(() -> PemSslContext.load(empty, pem.privateKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert");
    }
}
