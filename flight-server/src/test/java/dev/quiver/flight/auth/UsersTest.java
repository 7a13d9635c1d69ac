package dev.quiver.flight.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path directory;

    @Test
    void parsesPairsAndMatchesOnlyTheRightPassword() {
        Users users = Users.parse("alice:s3cret, bob:pa:ss", "--users");
        assertThat(users.names()).containsExactly("alice", "bob");
        assertThat(users.matches("alice", "s3cret")).isTrue();
        assertThat(users.matches("bob", "pa:ss")).as("the password is everything after the first colon").isTrue();
        assertThat(users.matches("alice", "s3cret ")).isFalse();
        assertThat(users.matches("alice", "pa:ss")).isFalse();
        assertThat(users.matches("carol", "s3cret")).isFalse();
        assertThat(users.matches(null, null)).isFalse();
    }

    @Test
    void blankSpecMeansNoUsers() {
        assertThat(Users.parse(null, "--users").isEmpty()).isTrue();
        assertThat(Users.parse("  ", "--users").isEmpty()).isTrue();
    }

    @Test
    void readsAFileSkippingCommentsAndBlankLines() throws Exception {
        Path file = Files.writeString(directory.resolve("users"), "# who may query\nalice:s3cret\n\n  bob:hunter2,x  \n");
        Users users = Users.read(file);
        assertThat(users.names()).containsExactly("alice", "bob");
        assertThat(users.matches("bob", "hunter2,x")).as("commas are part of a password in a file").isTrue();
    }

    @Test
    void anEntryWithoutAColonIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Users.parse("alice:ok,topsecretpassword", "--users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--users entry 2 has no ':'")
                .hasMessageNotContaining("topsecretpassword");
    }

    @Test
    void emptyNameOrPasswordIsRefused() {
        assertThatThrownBy(() -> Users.parse(":pw", "--users")).hasMessageContaining("empty user name");
        assertThatThrownBy(() -> Users.parse("alice:", "--users")).hasMessageContaining("'alice' has an empty password");
    }

    @Test
    void aUserDefinedTwiceIsRefusedNamingTheUser() {
        assertThatThrownBy(() -> Users.parse("alice:a,alice:b", "--users")).hasMessageContaining("'alice' is defined twice");
        Users file = Users.parse("bob:x", "--users-file");
        assertThatThrownBy(() -> Users.parse("bob:y", "--users").and(file))
                .hasMessageContaining("'bob' is defined twice (in --users and in --users-file)");
    }

    @Test
    void aBadFileLineNamesTheFileAndLine() throws Exception {
        Path file = Files.writeString(directory.resolve("users"), "alice:ok\nnocolon\n");
        assertThatThrownBy(() -> Users.read(file)).hasMessageContaining(file + " line 2 has no ':'");
        assertThatThrownBy(() -> Users.read(directory.resolve("missing")))
                .hasMessageContaining("cannot be read").hasMessageContaining("missing");
    }

    @Test
    void toStringNamesUsersButNoPassword() {
        assertThat(Users.parse("alice:s3cret", "--users").toString()).isEqualTo("Users[alice]");
    }
}
