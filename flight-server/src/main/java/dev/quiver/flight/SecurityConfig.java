package dev.quiver.flight;

import dev.quiver.flight.auth.Users;
import dev.quiver.flight.transport.http.AllowedHosts;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who may connect and how: users for basic → bearer authentication, TLS, and the names the HTTP port answers.
 *
 * @param users          {@code --users user:password,...} [QUIVER_USERS] plus {@code --users-file FILE}
 *                       [QUIVER_USERS_FILE] (one {@code user:password} a line); none = authentication off
 * @param tlsCertificate {@code --tls-cert FILE} [QUIVER_TLS_CERT]: PEM certificate chain; with {@code tlsPrivateKey}
 *                       the server speaks TLS only: Flight {@code grpc+tls://}, HTTP {@code https://}; neither =
 *                       plaintext
 * @param tlsPrivateKey  {@code --tls-key FILE} [QUIVER_TLS_KEY]: the certificate's unencrypted PKCS#8 PEM private key
 * @param auth           token lifetime and login throttling (see {@link AuthSettings})
 * @param allowedHosts   {@code --allowed-hosts NAME,...} [QUIVER_ALLOWED_HOSTS]: host names the HTTP port answers
 *                       besides localhost, IP addresses and the bind address ({@code *}: any); others get 421, against
 *                       DNS rebinding (default none)
 */
public record SecurityConfig(Users users, Path tlsCertificate, Path tlsPrivateKey, AuthSettings auth,
                             AllowedHosts allowedHosts) {
    /** No authentication, no TLS: what {@code make run} uses. */
    public static final SecurityConfig NONE = new SecurityConfig(Users.NONE, null, null);

    /** With the default token lifetime, login throttling and allowed host names. */
    public SecurityConfig(Users users, Path tlsCertificate, Path tlsPrivateKey) {
        this(users, tlsCertificate, tlsPrivateKey, AuthSettings.DEFAULTS, AllowedHosts.DEFAULT);
    }

    /** With the default allowed host names. */
    public SecurityConfig(Users users, Path tlsCertificate, Path tlsPrivateKey, AuthSettings auth) {
        this(users, tlsCertificate, tlsPrivateKey, auth, AllowedHosts.DEFAULT);
    }

    public SecurityConfig {
        users = users == null ? Users.NONE : users;
        auth = auth == null ? AuthSettings.DEFAULTS : auth;
        allowedHosts = allowedHosts == null ? AllowedHosts.DEFAULT : allowedHosts;
        if (tlsCertificate != null && tlsPrivateKey == null) {
            throw new IllegalArgumentException("--tls-cert was given without --tls-key; TLS needs both the PEM"
                    + " certificate chain and its PEM private key");
        }
        if (tlsPrivateKey != null && tlsCertificate == null) {
            throw new IllegalArgumentException("--tls-key was given without --tls-cert; TLS needs both the PEM"
                    + " certificate chain and its PEM private key");
        }
        requireReadable(tlsCertificate, "--tls-cert");
        requireReadable(tlsPrivateKey, "--tls-key");
    }

    /** These settings with other allowed HTTP host names. */
    public SecurityConfig withAllowedHosts(AllowedHosts hosts) {
        return new SecurityConfig(users, tlsCertificate, tlsPrivateKey, auth, hosts);
    }

    public boolean authEnabled() {
        return !users.isEmpty();
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    private static void requireReadable(Path file, String flag) {
        if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
            throw new IllegalArgumentException(flag + " " + file + " is not a readable file");
        }
    }
}
