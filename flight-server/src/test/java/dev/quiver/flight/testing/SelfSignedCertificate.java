package dev.quiver.flight.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for {@code localhost} / {@code 127.0.0.1}, made with the JDK alone:
 * {@code keytool} writes an EC key pair into a PKCS12 keystore, which is read back and written as PEM files.
 *
 * @param certificate the PEM certificate (also the trust root clients need)
 * @param privateKey  the PEM PKCS#8 private key
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    public static SelfSignedCertificate create(Path directory) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path store = directory.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "quiver",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        Certificate certificate = keys.getCertificate("quiver");
        PrivateKey key = (PrivateKey) keys.getKey("quiver", STORE_PASSWORD);
        Path certificatePem = directory.resolve("server.crt");
        Path keyPem = directory.resolve("server.key");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // getEncoded() is PKCS#8
        return new SelfSignedCertificate(certificatePem, keyPem);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
