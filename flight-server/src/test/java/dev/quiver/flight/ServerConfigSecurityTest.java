package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security and call-limit flags of {@link ServerCommand}: defaults, flags, and each refusal. */
class ServerConfigSecurityTest {
    @TempDir
    Path directory;

    @Test
    void defaultsAreNoAuthNoTlsSixtyFourStreamsFiveMinutes() {
        ServerConfig config = parse();
        assertThat(config.security().authEnabled()).isFalse();
        assertThat(config.security().tlsEnabled()).isFalse();
        assertThat(config.calls()).isEqualTo(new CallLimits(64, Duration.ofMinutes(5)));
    }

    @Test
    void usersComeFromTheFlagAndTheFile() throws Exception {
        Path file = Files.createFile(directory.resolve("users"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "carol:c\n");
        ServerConfig config = parse("--users", "alice:a,bob:b", "--users-file", file.toString());
        assertThat(config.security().users().names()).containsExactly("alice", "bob", "carol");
        assertThat(config.security().users().matches("carol", "c")).isTrue();
    }

    @Test
    void toStringHidesPasswords() {
        ServerConfig config = parse("--users", "alice:topsecret", "--db-password", "dbsecret");
        assertThat(config.toString()).contains("alice").doesNotContain("topsecret", "dbsecret");
    }

    @Test
    void tlsNeedsBothFilesAndNamesTheMissingOne() throws Exception {
        Path cert = Files.writeString(directory.resolve("server.crt"), "pem");
        Path key = Files.writeString(directory.resolve("server.key"), "pem");
        assertThat(parse("--tls-cert", cert.toString(), "--tls-key", key.toString()).security().tlsEnabled())
                .isTrue();
        assertThatThrownBy(() -> parse("--tls-cert", cert.toString()))
                .hasMessageStartingWith("--tls-cert was given without --tls-key");
        assertThatThrownBy(() -> parse("--tls-key", key.toString()))
                .hasMessageStartingWith("--tls-key was given without --tls-cert");
        assertThatThrownBy(() -> parse("--tls-cert", directory.resolve("nope").toString(), "--tls-key",
                key.toString())).hasMessageContaining("--tls-cert").hasMessageContaining("is not a readable file");
    }

    @Test
    void queryTimeoutTakesUnitsIsoOrSeconds() {
        assertThat(parse("--query-timeout", "PT30S").calls().queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("--query-timeout", "pt2m").calls().queryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--query-timeout", "90").calls().queryTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("--query-timeout", "0.25").calls().queryTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("--query-timeout", "2m").calls().queryTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aBadQueryTimeoutIsRefusedWithExamples() {
        assertThatThrownBy(() -> parse("--query-timeout", "5 minutes"))
                .hasMessageContaining("--query-timeout").hasMessageContaining("a duration such as 250ms")
                .hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> parse("--query-timeout", "0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> parse("--query-timeout", "-PT1S")).hasMessageContaining("--query-timeout");
    }

    @Test
    void maxStreamsMustBeAPositiveWholeNumber() {
        assertThat(parse("--max-streams", "8").calls().maxStreams()).isEqualTo(8);
        assertThatThrownBy(() -> parse("--max-streams", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("--max-streams", "many")).hasMessageContaining("--max-streams")
                .hasMessageContaining("'many' is not an int");
    }

    @Test
    void tokenLifetimeAndLoginThrottlingHaveSafeDefaultsAndFlags() {
        assertThat(parse().security().auth()).isEqualTo(AuthSettings.DEFAULTS);
        assertThat(AuthSettings.DEFAULTS).isEqualTo(new AuthSettings(Duration.ofHours(12), 10, 50));
        ServerConfig config = parse("--login-failures-per-address", "7", "--token-lifetime", "1h",
                "--login-failures-per-minute", "3");
        assertThat(config.security().auth()).isEqualTo(new AuthSettings(Duration.ofHours(1), 3, 7));
        assertThatThrownBy(() -> parse("--login-failures-per-minute", "0"))
                .hasMessageContaining("--login-failures-per-minute must be at least 1");
        assertThatThrownBy(() -> parse("--token-lifetime", "soon")).hasMessageContaining("--token-lifetime");
    }

    @Test
    void helpDescribesEveryNewFlag() {
        assertThat(ServerArgs.execute("--help").out()).contains("--users=", "--users-file", "--tls-cert", "--tls-key", "--max-streams",
                "--query-timeout", "QUIVER_USERS", "QUIVER_QUERY_TIMEOUT", "--token-lifetime", "QUIVER_TOKEN_LIFETIME",
                "--login-failures-per-minute", "QUIVER_LOGIN_FAILURES_PER_MINUTE", "--login-failures-per-address",
                "QUIVER_LOGIN_FAILURES_PER_ADDRESS", "--hash-password", "read-only", "read-write",
                "chmod 600");
    }

    private static ServerConfig parse(String... args) {
        return ServerArgs.parse(args);
    }
}
