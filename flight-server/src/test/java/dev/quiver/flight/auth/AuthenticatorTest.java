package dev.quiver.flight.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.testsupport.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    /** Parsed once: each plain password costs a slow hash. */
    private static final Users USERS = Users.parse("alice:s3cret:read-write,bob:hunter2:read-only,carol:pw", "--users");
    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final Authenticator authenticator = new Authenticator(USERS,
            new BearerTokens(Duration.ofHours(2), Duration.ofHours(12), clock), new LoginThrottle(3, 5, clock), clock);

    @Test
    void aBasicHeaderChecksThePasswordAndIssuesNoToken() {
        AuthenticatedUser user = authenticator.authenticate("Basic " + base64("alice:s3cret"));
        assertThat(user.name()).isEqualTo("alice");
        assertThat(user.issuedToken()).isNull();
        for (int i = 0; i < 1000; i++) {
            authenticator.authenticate("Basic " + base64("alice:s3cret"), "10.0.0.1");
        }
        assertThat(authenticator.tokenCount()).isZero();
    }

    @Test
    void aLoginIssuesATokenThatTheBearerHeaderAccepts() {
        AuthenticatedUser login = authenticator.login("alice", "s3cret");
        assertThat(login.issuedToken()).isNotBlank();
        AuthenticatedUser again = authenticator.authenticate("Bearer " + login.issuedToken());
        assertThat(again.name()).isEqualTo("alice");
        assertThat(again.issuedToken()).isNull();
        assertThat(authenticator.authenticate("bearer " + login.issuedToken()).name()).as("scheme case").isEqualTo("alice");
    }

    @Test
    void missingCredentialsSayWhatToSend() {
        assertReason(null, AuthenticationException.Reason.MISSING, "requires authentication", "Basic", "Bearer");
        assertReason(" ", AuthenticationException.Reason.MISSING, "requires authentication");
    }

    @Test
    void wrongPasswordOrUnknownUserIsTheSameAnswer() {
        assertReason("Basic " + base64("alice:wrong"), AuthenticationException.Reason.WRONG_CREDENTIALS,
                "wrong user name or password");
        assertReason("Basic " + base64("eve:s3cret"), AuthenticationException.Reason.WRONG_CREDENTIALS,
                "wrong user name or password");
    }

    @Test
    void unknownAndExpiredTokensAreRefused() {
        assertReason("Bearer forged", AuthenticationException.Reason.UNKNOWN_TOKEN, "unknown or has expired",
                "120 minutes", "--token-lifetime");
        String token = authenticator.login("alice", "s3cret").issuedToken();
        clock.advance(Duration.ofHours(3));
        assertReason("Bearer " + token, AuthenticationException.Reason.UNKNOWN_TOKEN, "unknown or has expired");
    }

    @Test
    void malformedHeadersAreRefused() {
        assertReason("Basic %%%", AuthenticationException.Reason.MALFORMED, "not Base64");
        assertReason("Basic " + base64("alice"), AuthenticationException.Reason.MALFORMED, "user:password");
        assertReason("Digest x", AuthenticationException.Reason.MALFORMED, "'Digest' is not Basic or Bearer");
    }

    @Test
    void failedLoginsPerUserAreThrottledForAMinuteWithoutCheckingThePassword() {
        for (int i = 0; i < 3; i++) {
            assertReason("Basic " + base64("alice:guess" + i), AuthenticationException.Reason.WRONG_CREDENTIALS,
                    "wrong user name or password");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> authenticator.authenticate("Basic " + base64("alice:s3cret")))
                .isInstanceOfSatisfying(LoginThrottledException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(e.getMessage()).contains("alice", "--login-failures-per-minute 3", "retry in 30 s");
                });
        assertThat(authenticator.authenticate("Basic " + base64("bob:hunter2")).name()).as("bob is not throttled")
                .isEqualTo("bob");
        clock.advance(Duration.ofSeconds(30));
        assertThat(authenticator.authenticate("Basic " + base64("alice:s3cret")).name()).as("a minute after the first"
                + " failure").isEqualTo("alice");
    }

    @Test
    void failedLoginsPerAddressAreThrottledWhateverTheNames() {
        for (int i = 0; i < 5; i++) {
            String header = "Basic " + base64("guess" + i + ":pw");
            assertThatThrownBy(() -> authenticator.authenticate(header, "10.0.0.9"))
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> authenticator.authenticate("Basic " + base64("bob:hunter2"), "10.0.0.9"))
                .isInstanceOfSatisfying(LoginThrottledException.class,
                        e -> assertThat(e.getMessage()).contains("from your address", "--login-failures-per-address"));
        assertThat(authenticator.authenticate("Basic " + base64("bob:hunter2"), "10.0.0.10").name()).isEqualTo("bob");
    }

    @Test
    void aRecentlyVerifiedClientIsNotLockedOutByAnotherClientsGuesses() {
        authenticator.authenticate("Basic " + base64("alice:s3cret"), "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            String header = "Basic " + base64("alice:guess" + i);
            assertThatThrownBy(() -> authenticator.authenticate(header, "10.6.6.6"))
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> authenticator.authenticate("Basic " + base64("alice:guess"), "10.6.6.6"))
                .isInstanceOf(LoginThrottledException.class);
        assertThat(authenticator.authenticate("Basic " + base64("alice:s3cret"), "10.0.0.1").name()).isEqualTo("alice");
    }

    @Test
    void onlyReadWriteUsersMayMutate() {
        authenticator.checkMayMutate("alice");
        assertThatThrownBy(() -> authenticator.checkMayMutate("bob"))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.getMessage())
                        .contains("'bob' is read-only", "read-write", "--users"));
        assertThatThrownBy(() -> authenticator.checkMayMutate("carol")).as("no role: read-only")
                .isInstanceOf(PermissionDeniedException.class);
        Authenticator.disabled().checkMayMutate(null); // auth off: everyone may
    }

    @Test
    void withoutUsersEveryoneIsAnonymous() {
        Authenticator off = Authenticator.disabled();
        assertThat(off.enabled()).isFalse();
        assertThat(off.authenticate(null)).isEqualTo(AuthenticatedUser.ANONYMOUS);
        assertThat(off.authenticate("Bearer whatever")).isEqualTo(AuthenticatedUser.ANONYMOUS);
    }

    private void assertReason(String header, AuthenticationException.Reason reason, String... messageParts) {
        assertThatThrownBy(() -> authenticator.authenticate(header))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messageParts).doesNotContain("s3cret");
                });
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
