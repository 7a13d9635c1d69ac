package dev.quiver.flight.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final BearerTokens tokens = new BearerTokens(Duration.ofMinutes(10), Duration.ofHours(1), clock);

    @Test
    void anIssuedTokenNamesItsUserAndTokensDiffer() {
        String first = tokens.issue("alice");
        String second = tokens.issue("alice");
        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(43);
        assertThat(tokens.userOf(first)).contains("alice");
        assertThat(tokens.userOf("forged")).isEmpty();
        assertThat(tokens.userOf("")).isEmpty();
        assertThat(tokens.userOf(null)).isEmpty();
    }

    @Test
    void aTokenExpiresAfterTheIdleTimeButUseKeepsItAlive() {
        String used = tokens.issue("alice");
        String idle = tokens.issue("bob");
        clock.advance(Duration.ofMinutes(9));
        assertThat(tokens.userOf(used)).contains("alice");
        clock.advance(Duration.ofMinutes(9));
        assertThat(tokens.userOf(used)).as("used 9 minutes ago").contains("alice");
        assertThat(tokens.userOf(idle)).as("unused for 18 minutes").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(tokens.userOf(used)).isEmpty();
    }

    @Test
    void expiredTokensAreDroppedWhenTheNextIsIssued() {
        tokens.issue("alice");
        tokens.issue("bob");
        clock.advance(Duration.ofMinutes(11));
        tokens.issue("carol");
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aUserHoldsABoundedNumberOfTokensLosingTheOldest() {
        String oldest = tokens.issue("alice");
        String others = tokens.issue("bob");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < BearerTokens.MAX_TOKENS_PER_USER; i++) {
            tokens.issue("alice");
        }
        assertThat(tokens.size()).as("alice at her limit, and bob").isEqualTo(BearerTokens.MAX_TOKENS_PER_USER + 1);
        clock.advance(Duration.ofSeconds(1));
        String newest = tokens.issue("alice");
        assertThat(tokens.userOf(newest)).contains("alice");
        assertThat(tokens.userOf(oldest)).as("the oldest made room").isEmpty();
        assertThat(tokens.userOf(others)).as("another user's token is untouched").contains("bob");
        assertThat(tokens.size()).isEqualTo(BearerTokens.MAX_TOKENS_PER_USER + 1);
    }

    @Test
    void aTokenEndsAtItsLifetimeHoweverOftenItIsUsed() {
        String token = tokens.issue("alice");
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(tokens.userOf(token)).as("used every 5 minutes, %d minutes old", 5 * (i + 1)).contains("alice");
        }
        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.userOf(token)).as("one hour old").isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void issuingForOneUserNeverEndsAnotherUsersTokens() {
        String bobs = tokens.issue("bob");
        for (int i = 0; i < 3 * BearerTokens.MAX_TOKENS_PER_USER; i++) {
            tokens.issue("alice");
        }
        assertThat(tokens.userOf(bobs)).contains("bob");
        assertThat(tokens.size()).as("bounded per user").isEqualTo(BearerTokens.MAX_TOKENS_PER_USER + 1);
    }

    @Test
    void aRevokedTokenIsUnknown() {
        String token = tokens.issue("alice");
        tokens.revoke(token);
        assertThat(tokens.userOf(token)).isEmpty();
    }
}
