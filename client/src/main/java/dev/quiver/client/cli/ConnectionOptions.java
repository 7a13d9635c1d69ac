package dev.quiver.client.cli;

import dev.quiver.client.QuiverClientConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builds the {@link QuiverClientConfig} from the environment, overridden by the connection options. */
final class ConnectionOptions {
    private ConnectionOptions() {
    }

    static QuiverClientConfig config(CliArgs args, Map<String, String> env) throws UsageException {
        String command = args.command();
        QuiverClientConfig.Builder builder = QuiverClientConfig.builder();
        String envUrl = env.get(QuiverClientConfig.ENV_URL);
        if (args.has(CliOption.SERVER)) {
            builder.uri(checkServer(command, "--server", args.get(CliOption.SERVER)));
        } else if (envUrl != null && !envUrl.isBlank()) {
            builder.uri(checkServer(command, QuiverClientConfig.ENV_URL, envUrl));
        }
        builder.username(env.get(QuiverClientConfig.ENV_USER))
                .password(env.get(QuiverClientConfig.ENV_PASSWORD))
                .token(env.get(QuiverClientConfig.ENV_TOKEN));
        applyAuth(args, env, builder);
        if (args.has(CliOption.TRUSTED_CERT)) {
            builder.trustedCertificate(Path.of(args.get(CliOption.TRUSTED_CERT)));
        }
        if (args.has(CliOption.TIMEOUT)) {
            builder.callTimeout(timeout(command, args.get(CliOption.TIMEOUT)));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(command, describeConfigError(e.getMessage()));
        }
    }

    /** The URI alone, checked now so the message can name where it came from. */
    private static String checkServer(String command, String source, String uri) throws UsageException {
        try {
            QuiverClientConfig.builder().uri(uri).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(command, source + ": " + e.getMessage());
        }
        return uri;
    }

    private static void applyAuth(CliArgs args, Map<String, String> env, QuiverClientConfig.Builder builder)
            throws UsageException {
        String command = args.command();
        boolean user = args.has(CliOption.USER);
        boolean password = args.has(CliOption.PASSWORD);
        boolean token = args.has(CliOption.TOKEN);
        if (token && (user || password)) {
            throw new UsageException(command, "--token and --user/--password exclude each other; give one of them");
        }
        if (user) {
            if (!password && isBlank(env.get(QuiverClientConfig.ENV_PASSWORD))) {
                throw new UsageException(command, "--user needs --password (or " + QuiverClientConfig.ENV_PASSWORD + ")");
            }
            builder.token(null).username(args.get(CliOption.USER));
        }
        if (password) {
            if (!user && isBlank(env.get(QuiverClientConfig.ENV_USER))) {
                throw new UsageException(command, "--password needs --user (or " + QuiverClientConfig.ENV_USER + ")");
            }
            builder.token(null).password(args.get(CliOption.PASSWORD));
        }
        if (token) {
            builder.username(null).password(null).token(args.get(CliOption.TOKEN));
        }
    }

    private static Duration timeout(String command, String text) throws UsageException {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            if (seconds.signum() > 0) {
                return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new UsageException(command, "--timeout: expected a positive number of seconds such as 30 or 0.5, got '"
                + text + "'");
    }

    private static String describeConfigError(String message) {
        if (message.contains("certificate")) {
            return "--trusted-cert: " + message;
        }
        if (message.contains("username") || message.contains("password") || message.contains("token")) {
            return message + " (check --user/--password/--token and QUIVER_USER, QUIVER_PASSWORD, QUIVER_TOKEN)";
        }
        return message;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
