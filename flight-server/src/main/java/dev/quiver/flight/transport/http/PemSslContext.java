package dev.quiver.flight.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server {@link SSLContext} from the PEM files Flight's TLS takes ({@code --tls-cert}, {@code --tls-key}): the
 * certificate chain (leaf first) and its unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA, EC or
 * EdDSA. Anything else is an {@link IllegalArgumentException} saying what to give instead.
 */
public final class PemSslContext {
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

    private PemSslContext() {
    }

    /** The context serving {@code certificateChain} with {@code privateKey}. */
    public static SSLContext load(Path certificateChain, Path privateKey) throws IOException {
        Certificate[] chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        try {
            char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray(); // the store never leaves memory
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("quiver", key, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-key " + privateKey + " does not fit the certificate of --tls-cert "
                    + certificateChain + " (" + e.getMessage() + ")", e);
        }
    }

    private static Certificate[] certificates(Path file) throws IOException {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(file)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " is not a PEM certificate chain (" + e.getMessage()
                    + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert " + file + " holds no certificate; give the PEM chain,"
                    + " the server's certificate first");
        }
        return chain.toArray(new Certificate[0]);
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(BEGIN_KEY);
        int end = pem.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("--tls-key " + file + " is not an unencrypted PKCS#8 PEM private key"
                    + " (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN_KEY.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-key " + file + " is not valid PEM (its Base64 does not decode)", e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("--tls-key " + file + " is not an RSA, EC or EdDSA PKCS#8 private key");
    }
}
