package dev.quiver.cli;

import dev.quiver.client.QuiverClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The connection options of every client command ({@code query}, {@code mutate}, {@code health}, {@code sdl}),
 * declared once and mixed in with {@code @Mixin}. A credential given on the command line replaces the other kind
 * taken from the environment: {@code --token} drops {@code QUIVER_USER}/{@code QUIVER_PASSWORD}, {@code --user} or
 * {@code --password} drop {@code QUIVER_TOKEN}.
 */
public final class ConnectionOptions {
    static final String SERVER = "--server";
    static final String USER = "--user";
    static final String PASSWORD = "--password";
    static final String TOKEN = "--token";
    static final String TRUSTED_CERT = "--trusted-cert";
    static final String TIMEOUT = "--timeout";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = SERVER, paramLabel = "URI",
            defaultValue = "${env:" + QuiverClientConfig.ENV_URL + ":-" + QuiverClientConfig.DEFAULT_URI + "}",
            description = "The Flight server: grpc://host:port, or grpc+tls://host:port for TLS.")
    String server;

    @Option(names = USER, paramLabel = "NAME", defaultValue = "${env:" + QuiverClientConfig.ENV_USER + "}",
            description = "User name for basic authentication (exchanged once for a bearer token); needs --password.")
    String user;

    @Option(names = PASSWORD, paramLabel = "SECRET", defaultValue = "${env:" + QuiverClientConfig.ENV_PASSWORD + "}",
            showDefaultValue = Visibility.NEVER,
            description = "Password for --user; prefer the environment variable to keep it out of the shell history.")
    String password;

    @Option(names = TOKEN, paramLabel = "TOKEN", defaultValue = "${env:" + QuiverClientConfig.ENV_TOKEN + "}",
            showDefaultValue = Visibility.NEVER,
            description = "A bearer token, instead of --user/--password.")
    String token;

    @Option(names = TRUSTED_CERT, paramLabel = "PEM_FILE", defaultValue = "${env:QUIVER_TRUSTED_CERT}",
            description = "PEM certificate (or CA) to trust for a grpc+tls:// server, instead of the JVM's trust store.")
    Path trustedCert;

    @Option(names = TIMEOUT, paramLabel = "DURATION", defaultValue = "${env:QUIVER_TIMEOUT}",
            description = "Deadline of each call, including reading the whole result (e.g. 30s, 2m; none by default).")
    Duration timeout;

    /** The client configuration; a wrong or contradictory setting fails with a message naming it. */
    QuiverClientConfig config() {
        QuiverClientConfig.Builder builder = QuiverClientConfig.builder();
        if (server != null && !server.isBlank()) {
            String source = given(SERVER) ? SERVER : QuiverClientConfig.ENV_URL;
            try {
                builder.uri(server);
                QuiverClientConfig.builder().uri(server).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
        }
        applyCredentials(builder);
        if (trustedCert != null) {
            builder.trustedCertificate(trustedCert);
        }
        if (timeout != null) {
            if (timeout.isZero()) {
                throw new IllegalArgumentException(TIMEOUT + ": must be positive, such as 30s or 0.5 (seconds)");
            }
            builder.callTimeout(timeout);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describeConfigError(e.getMessage()), e);
        }
    }

    private void applyCredentials(QuiverClientConfig.Builder builder) {
        boolean userGiven = given(USER);
        boolean passwordGiven = given(PASSWORD);
        boolean tokenGiven = given(TOKEN);
        if (tokenGiven && (userGiven || passwordGiven)) {
            throw new IllegalArgumentException(TOKEN + " and " + USER + "/" + PASSWORD
                    + " exclude each other; give one of them");
        }
        if (userGiven && isBlank(password)) {
            throw new IllegalArgumentException(USER + " needs " + PASSWORD + " (or "
                    + QuiverClientConfig.ENV_PASSWORD + ")");
        }
        if (passwordGiven && isBlank(user)) {
            throw new IllegalArgumentException(PASSWORD + " needs " + USER + " (or " + QuiverClientConfig.ENV_USER + ")");
        }
        if (tokenGiven) {
            builder.token(token);
        } else if (userGiven || passwordGiven) {
            builder.username(user).password(password);
        } else {
            builder.username(user).password(password).token(token);
        }
    }

    /** Whether the option was on the command line (not taken from the environment). */
    private boolean given(String option) {
        ParseResult parsed = mixee.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private static String describeConfigError(String message) {
        if (message.contains("certificate")) {
            return TRUSTED_CERT + ": " + message;
        }
        if (message.contains("username") || message.contains("password") || message.contains("token")) {
            return message + " (check " + USER + "/" + PASSWORD + "/" + TOKEN + " and " + QuiverClientConfig.ENV_USER
                    + ", " + QuiverClientConfig.ENV_PASSWORD + ", " + QuiverClientConfig.ENV_TOKEN + ")";
        }
        return message;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
