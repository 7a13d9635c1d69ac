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
    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final Authenticator authenticator = new Authenticator(Users.parse("alice:s3cret", "--users"),
            new BearerTokens(Duration.ofHours(2), clock));

    @Test
    void basicHeaderLogsInAndIssuesATokenThatTheBearerHeaderAccepts() {
        AuthenticatedUser login = authenticator.authenticate("Basic " + base64("alice:s3cret"));
        assertThat(login.name()).isEqualTo("alice");
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
                "120 minutes");
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
