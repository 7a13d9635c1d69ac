package dev.quiver.flight.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        Path file = privateFile("# who may query\nalice:s3cret\n\n  bob:hunter2,x  \n");
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
        Path file = privateFile("alice:ok\nnocolon\n");
        assertThatThrownBy(() -> Users.read(file)).hasMessageContaining(file + " line 2 has no ':'");
        assertThatThrownBy(() -> Users.read(directory.resolve("missing")))
                .hasMessageContaining("cannot be read").hasMessageContaining("missing");
    }

    @Test
    void aFileOthersMayReadIsRefusedSayingChmod600() throws Exception {
        Path file = Files.writeString(directory.resolve("open-users"), "alice:s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Users.read(file)).hasMessageContaining("chmod 600 " + file)
                .hasMessageContaining("rw-r--r--").hasMessageNotContaining("s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> Users.read(file)).as("group-writable").hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Users.read(file).names()).containsExactly("alice");
    }

    @Test
    void aRoleMayEndAnEntryAndUsersWithoutOneAreReadOnly() {
        Users users = Users.parse("alice:s3cret:read-write,bob:pw:READ-ONLY,carol:pw,dave:a:b", "--users");
        assertThat(users.role("alice")).isEqualTo(Role.READ_WRITE);
        assertThat(users.role("bob")).isEqualTo(Role.READ_ONLY);
        assertThat(users.role("carol")).as("no role given").isEqualTo(Role.READ_ONLY);
        assertThat(users.role("mallory")).isEqualTo(Role.READ_ONLY);
        assertThat(users.matches("alice", "s3cret")).isTrue();
        assertThat(users.matches("alice", "s3cret:read-write")).isFalse();
        assertThat(users.matches("dave", "a:b")).as("a colon that starts no role is part of the password").isTrue();
    }

    @Test
    void acceptsPbkdf2HashesInPlaceOfPasswords() throws Exception {
        String hash = PasswordHash.create("s3cret", PasswordHash.MIN_ITERATIONS).encoded();
        assertThat(hash).startsWith("pbkdf2-sha256$10000$");
        Users users = Users.read(privateFile("alice:" + hash + ":read-write\n"));
        assertThat(users.matches("alice", "s3cret")).isTrue();
        assertThat(users.matches("alice", hash)).as("the hash is not a password").isFalse();
        assertThat(users.role("alice")).isEqualTo(Role.READ_WRITE);
    }

    @Test
    void aBrokenOrWeakHashIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Users.parse("alice:pbkdf2-sha256$310000$c2FsdHNhbHQ=", "--users"))
                .hasMessageContaining("--users entry 1: user 'alice'").hasMessageContaining("--hash-password")
                .hasMessageNotContaining("c2FsdHNhbHQ");
        assertThatThrownBy(() -> Users.parse("alice:pbkdf2-sha256$1000$c2FsdHNhbHQ=$c2FsdHNhbHRzYWx0c2FsdA==",
                "--users")).hasMessageContaining("1000 iterations");
    }

    @Test
    void toStringNamesUsersButNoPassword() {
        assertThat(Users.parse("alice:s3cret", "--users").toString()).isEqualTo("Users[alice]");
    }

    private Path privateFile(String text) throws Exception {
        Path file = directory.resolve("users-" + System.nanoTime());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, text);
    }
}
