package dev.quiver.flight.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void aHashMatchesOnlyItsPasswordAndReadsBackFromItsText() {
        PasswordHash hash = PasswordHash.create("s3cret", PasswordHash.MIN_ITERATIONS);
        assertThat(hash.matches("s3cret")).isTrue();
        assertThat(hash.matches("s3cret ")).isFalse();
        assertThat(hash.matches(null)).isFalse();
        PasswordHash read = PasswordHash.parse(hash.encoded(), "test");
        assertThat(read.matches("s3cret")).isTrue();
        assertThat(read.encoded()).isEqualTo(hash.encoded());
        assertThat(hash.toString()).doesNotContain(hash.encoded().substring(PasswordHash.PREFIX.length() + 6));
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(PasswordHash.create("s3cret", PasswordHash.MIN_ITERATIONS).encoded())
                .isNotEqualTo(PasswordHash.create("s3cret", PasswordHash.MIN_ITERATIONS).encoded());
    }

    @Test
    void newHashesUseTheDefaultIterations() {
        assertThat(PasswordHash.create("x").encoded()).startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$");
    }
}
