package dev.quiver.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach and authenticate to a Quiver server. Immutable; build with {@link #builder()}, take the defaults
 * with {@link #ofDefaults()} or read the environment with {@link #fromEnvironment()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>environment</th><th>meaning</th></tr>
 *   <tr><td>uri</td><td>{@value #DEFAULT_URI}</td><td>{@code QUIVER_URL}</td>
 *       <td>{@code grpc://}, {@code grpc+tcp://} or {@code grpc+tls://} host and port of the Flight server</td></tr>
 *   <tr><td>username, password</td><td>none</td><td>{@code QUIVER_USER}, {@code QUIVER_PASSWORD}</td>
 *       <td>basic credentials, exchanged once for a bearer token (Flight's basic-to-bearer handshake)</td></tr>
 *   <tr><td>token</td><td>none</td><td>{@code QUIVER_TOKEN}</td>
 *       <td>a bearer token sent as {@code authorization: Bearer ...}; not together with a username</td></tr>
 *   <tr><td>trustedCertificate</td><td>the JVM's trust store</td><td>-</td>
 *       <td>PEM file of the CA (or self-signed certificate) to trust; {@code grpc+tls://} only</td></tr>
 *   <tr><td>callTimeout</td><td>none</td><td>-</td>
 *       <td>deadline of each call, including reading a whole result stream</td></tr>
 *   <tr><td>endpoints</td><td>1</td><td>{@code QUIVER_ENDPOINTS}</td>
 *       <td>how many endpoints to ask the server to split each query over (it gives at most its
 *       {@code --max-endpoints}, and one for a query it cannot split by key), read at once, one thread and one
 *       {@code DoGet} each; the batches still come in endpoint order</td></tr>
 * </table>
 *
 * <p>Every setting is checked when the config is built, so a wrong one fails here with a message naming it,
 * not later inside gRPC.
 */
public record QuiverClientConfig(
        URI uri, String username, String password, String token, Path trustedCertificate, Duration callTimeout,
        int endpoints) {

    public static final String DEFAULT_URI = "grpc://localhost:50051";
    public static final String ENV_URL = "QUIVER_URL";
    public static final String ENV_USER = "QUIVER_USER";
    public static final String ENV_PASSWORD = "QUIVER_PASSWORD";
    public static final String ENV_TOKEN = "QUIVER_TOKEN";
    public static final String ENV_ENDPOINTS = "QUIVER_ENDPOINTS";

    public QuiverClientConfig {
        if (uri == null) {
            uri = URI.create(DEFAULT_URI);
        }
        checkUri(uri);
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        token = blankToNull(token);
        if (password != null && username == null) {
            throw new IllegalArgumentException("a password was given without a username");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("username '" + username + "' was given without a password");
        }
        if (token != null && username != null) {
            throw new IllegalArgumentException("give either a username and password or a token, not both");
        }
        if (trustedCertificate != null) {
            if (!isTls(uri)) {
                throw new IllegalArgumentException("a trusted certificate only applies to grpc+tls:// servers, not " + uri);
            }
            if (!Files.isReadable(trustedCertificate)) {
                throw new IllegalArgumentException("trusted certificate file " + trustedCertificate + " is not readable");
            }
        }
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
        if (endpoints < 1) {
            throw new IllegalArgumentException("endpoints must be at least 1, got " + endpoints);
        }
    }

    public static QuiverClientConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults, overridden by {@code QUIVER_URL}, {@code QUIVER_USER}, {@code QUIVER_PASSWORD}, {@code QUIVER_TOKEN},
     * {@code QUIVER_ENDPOINTS}.
     */
    public static QuiverClientConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Like {@link #fromEnvironment()}, reading the given variables (empty values count as unset). */
    public static QuiverClientConfig fromEnvironment(Map<String, String> env) {
        return builder().applyEnvironment(env).build();
    }

    public Builder toBuilder() {
        return new Builder().uri(uri).username(username).password(password).token(token)
                .trustedCertificate(trustedCertificate).callTimeout(callTimeout).endpoints(endpoints);
    }

    public boolean usesTls() {
        return isTls(uri);
    }

    /** Never prints the password or token. */
    @Override
    public String toString() {
        return "QuiverClientConfig[uri=" + uri + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", token=" + (token == null ? "none" : "***")
                + ", trustedCertificate=" + trustedCertificate + ", callTimeout=" + callTimeout
                + ", endpoints=" + endpoints + "]";
    }

    static boolean isTls(URI uri) {
        return "grpc+tls".equals(uri.getScheme());
    }

    private static void checkUri(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null) {
            throw new IllegalArgumentException("server URI '" + uri + "' needs a scheme and host, e.g. " + DEFAULT_URI);
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            throw new IllegalArgumentException("server URI '" + uri + "' is HTTP; the Flight server is at a grpc:// URI"
                    + " such as " + DEFAULT_URI + " (the HTTP endpoint serves GraphQL/JSON, not Arrow Flight)");
        }
        if (!scheme.equals("grpc") && !scheme.equals("grpc+tcp") && !isTls(uri)) {
            throw new IllegalArgumentException("server URI '" + uri + "' has scheme '" + scheme
                    + "'; use grpc://, grpc+tcp:// or grpc+tls://");
        }
        if (uri.getPort() <= 0) {
            throw new IllegalArgumentException("server URI '" + uri + "' needs a port, e.g. " + DEFAULT_URI);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Builds a {@link QuiverClientConfig}; unset settings keep their defaults. */
    public static final class Builder {
        private URI uri;
        private String username;
        private String password;
        private String token;
        private Path trustedCertificate;
        private Duration callTimeout;
        private int endpoints = 1;

        private Builder() {
        }

        public Builder uri(URI uri) {
            this.uri = uri;
            return this;
        }

        /** Parses {@code uri}; a malformed one fails here with an {@link IllegalArgumentException}. */
        public Builder uri(String uri) {
            if (uri == null) {
                this.uri = null;
                return this;
            }
            try {
                this.uri = new URI(uri.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("server URI '" + uri + "' is malformed: " + e.getReason()
                        + "; expected e.g. " + DEFAULT_URI, e);
            }
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Shorthand for {@code username(user).password(password)}. */
        public Builder basicAuth(String username, String password) {
            return username(username).password(password);
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder trustedCertificate(Path pemFile) {
            this.trustedCertificate = pemFile;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /**
         * How many endpoints to ask the server to split each query over, read at once; 1 (the default) asks for one
         * and reads it as before.
         */
        public Builder endpoints(int endpoints) {
            this.endpoints = endpoints;
            return this;
        }

        /** Sets every setting whose variable is present and not empty. */
        public Builder applyEnvironment(Map<String, String> env) {
            String url = env.get(ENV_URL);
            if (url != null && !url.isBlank()) {
                uri(url);
            }
            String user = env.get(ENV_USER);
            if (user != null && !user.isBlank()) {
                username(user);
            }
            String pass = env.get(ENV_PASSWORD);
            if (pass != null && !pass.isEmpty()) {
                password(pass);
            }
            String tok = env.get(ENV_TOKEN);
            if (tok != null && !tok.isBlank()) {
                token(tok);
            }
            String count = env.get(ENV_ENDPOINTS);
            if (count != null && !count.isBlank()) {
                try {
                    endpoints(Integer.parseInt(count.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(ENV_ENDPOINTS + " must be a whole number, got '" + count + "'", e);
                }
            }
            return this;
        }

        public QuiverClientConfig build() {
            return new QuiverClientConfig(uri, username, password, token, trustedCertificate, callTimeout, endpoints);
        }
    }
}
