package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security and call-limit flags of {@link ServerConfig}: defaults, flags, environment, and each refusal. */
class ServerConfigSecurityTest {
    @TempDir
    Path directory;

    @Test
    void defaultsAreNoAuthNoTlsSixtyFourStreamsFiveMinutes() {
        ServerConfig config = parse(Map.of());
        assertThat(config.security().authEnabled()).isFalse();
        assertThat(config.security().tlsEnabled()).isFalse();
        assertThat(config.calls()).isEqualTo(new CallLimits(64, Duration.ofMinutes(5)));
    }

    @Test
    void usersComeFromTheFlagTheEnvironmentAndTheFile() throws Exception {
        Path file = Files.createFile(directory.resolve("users"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "carol:c\n");
        ServerConfig config = parse(Map.of("QUIVER_USERS", "alice:a,bob:b"), "--users-file", file.toString());
        assertThat(config.security().users().names()).containsExactly("alice", "bob", "carol");
        assertThat(config.security().users().matches("carol", "c")).isTrue();
        assertThat(parse(Map.of("QUIVER_USERS", "x:y"), "--users", "dave:d").security().users().names())
                .as("the flag wins over the environment").containsExactly("dave");
    }

    @Test
    void toStringHidesPasswords() {
        ServerConfig config = parse(Map.of(), "--users", "alice:topsecret", "--db-password", "dbsecret");
        assertThat(config.toString()).contains("alice").doesNotContain("topsecret", "dbsecret");
    }

    @Test
    void tlsNeedsBothFilesAndNamesTheMissingOne() throws Exception {
        Path cert = Files.writeString(directory.resolve("server.crt"), "pem");
        Path key = Files.writeString(directory.resolve("server.key"), "pem");
        assertThat(parse(Map.of(), "--tls-cert", cert.toString(), "--tls-key", key.toString()).security().tlsEnabled())
                .isTrue();
        assertThatThrownBy(() -> parse(Map.of(), "--tls-cert", cert.toString()))
                .hasMessageStartingWith("--tls-cert was given without --tls-key");
        assertThatThrownBy(() -> parse(Map.of("QUIVER_TLS_KEY", key.toString())))
                .hasMessageStartingWith("--tls-key was given without --tls-cert");
        assertThatThrownBy(() -> parse(Map.of(), "--tls-cert", directory.resolve("nope").toString(), "--tls-key",
                key.toString())).hasMessageContaining("--tls-cert").hasMessageContaining("is not a readable file");
    }

    @Test
    void queryTimeoutTakesIsoOrSeconds() {
        assertThat(parse(Map.of(), "--query-timeout", "PT30S").calls().queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse(Map.of(), "--query-timeout", "pt2m").calls().queryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(Map.of(), "--query-timeout", "90").calls().queryTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse(Map.of("QUIVER_QUERY_TIMEOUT", "0.25")).calls().queryTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aBadQueryTimeoutIsRefusedWithExamples() {
        assertThatThrownBy(() -> parse(Map.of(), "--query-timeout", "5 minutes"))
                .hasMessageContaining("--query-timeout must be an ISO-8601 duration such as PT30S")
                .hasMessageContaining("'5 minutes'");
        assertThatThrownBy(() -> parse(Map.of(), "--query-timeout", "0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> parse(Map.of(), "--query-timeout", "-PT1S")).hasMessageContaining("must be positive");
    }

    @Test
    void maxStreamsMustBeAPositiveWholeNumber() {
        assertThat(parse(Map.of(), "--max-streams", "8").calls().maxStreams()).isEqualTo(8);
        assertThatThrownBy(() -> parse(Map.of(), "--max-streams", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse(Map.of(), "--max-streams", "many")).hasMessageContaining("whole number");
    }

    @Test
    void tokenLifetimeAndLoginThrottlingHaveSafeDefaultsAndFlags() {
        assertThat(parse(Map.of()).security().auth()).isEqualTo(AuthSettings.DEFAULTS);
        assertThat(AuthSettings.DEFAULTS).isEqualTo(new AuthSettings(Duration.ofHours(12), 10, 50));
        ServerConfig config = parse(Map.of("QUIVER_LOGIN_FAILURES_PER_ADDRESS", "7"), "--token-lifetime", "PT1H",
                "--login-failures-per-minute", "3");
        assertThat(config.security().auth()).isEqualTo(new AuthSettings(Duration.ofHours(1), 3, 7));
        assertThatThrownBy(() -> parse(Map.of(), "--login-failures-per-minute", "0"))
                .hasMessageContaining("--login-failures-per-minute must be at least 1");
        assertThatThrownBy(() -> parse(Map.of(), "--token-lifetime", "soon")).hasMessageContaining("--token-lifetime");
    }

    @Test
    void helpDescribesEveryNewFlag() {
        assertThat(ServerConfig.HELP).contains("--users ", "--users-file", "--tls-cert", "--tls-key", "--max-streams",
                "--query-timeout", "QUIVER_USERS", "QUIVER_QUERY_TIMEOUT", "--token-lifetime", "QUIVER_TOKEN_LIFETIME",
                "--login-failures-per-minute", "QUIVER_LOGIN_FAILURES_PER_MINUTE", "--login-failures-per-address",
                "QUIVER_LOGIN_FAILURES_PER_ADDRESS", "--hash-password", "read-only", "read-write", "READ-ONLY",
                "chmod 600");
    }

    private static ServerConfig parse(Map<String, String> env, String... args) {
        return ServerConfig.parse(args, env::get);
    }
}
