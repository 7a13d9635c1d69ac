package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.auth.PasswordHash;
import dev.quiver.flight.auth.Users;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --hash-password}: what it prints goes into a users file in place of the password. */
class HashPasswordTest {
    @Test
    void printsAHashTheUsersFileAccepts() throws Exception {
        String hash = QuiverServerMain.hashPassword(new ByteArrayInputStream("pa:ss word\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(hash).startsWith(PasswordHash.PREFIX + PasswordHash.DEFAULT_ITERATIONS + "$").doesNotContain("pa:ss");
        Users users = Users.parse("alice:" + hash + ":read-write", "--users");
        assertThat(users.matches("alice", "pa:ss word")).isTrue();
    }

    @Test
    void noPasswordOnStandardInputSaysHowToGiveOne() {
        assertThatThrownBy(() -> QuiverServerMain.hashPassword(new ByteArrayInputStream(new byte[0])))
                .hasMessageContaining("standard input").hasMessageContaining("--hash-password");
    }
}
