package dev.quiver.flight.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users allowed in, each with a salted slow {@link PasswordHash} and a {@link Role}. {@link #matches} checks a
 * password in the same time whatever the answer, also for an unknown user (against a dummy hash).
 * {@link #toString()} names the users, never a password or hash.
 *
 * <p>Read from {@code --users alice:secret:read-write,bob:pw} ({@link #parse}) and/or a file with one entry per
 * line ({@link #read}). An entry is {@code user:password[:role]}:
 * <ul>
 *   <li>the password is either plain text (hashed with a random salt when read; plain text is never kept) or a hash
 *       printed by {@code --hash-password}: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>};</li>
 *   <li>the role is {@code read-only} or {@code read-write}; without one the user is <b>read-only</b>. The role is
 *       only recognised at the end of the entry, so a plain password may itself contain {@code :} (a password ending
 *       in {@code :read-only} or {@code :read-write} needs the role written after it).</li>
 * </ul>
 * No users means authentication is off. A users file must not be readable by group or others ({@code chmod 600}).
 */
public final class Users {
    public static final Users NONE = new Users(Map.of());

    private final Map<String, Account> accounts;

    private Users(Map<String, Account> accounts) {
        this.accounts = Collections.unmodifiableMap(new TreeMap<>(accounts));
    }

    /** Made on first use: hashing costs time, and a server without users never needs it. */
    private static final class UnknownUser {
        static final PasswordHash HASH = PasswordHash.dummy();
    }

    private record Account(PasswordHash hash, Role role) {
    }

    /**
     * Parses {@code user:password[:role][,user:password[:role]...]}; {@code source} names where the text came from
     * in errors (e.g. {@code --users}), which never quote a password.
     */
    public static Users parse(String spec, String source) {
        Map<String, Account> users = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            add(users, entries[i].trim(), source + " entry " + (i + 1));
        }
        return new Users(users);
    }

    /**
     * Reads one {@code user:password[:role]} per line; blank lines and lines starting with {@code #} are skipped.
     * Refuses a file that group or others may read or write (on file systems with POSIX permissions).
     */
    public static Users read(Path file) {
        requirePrivate(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--users-file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); give a readable file with one user:password[:role] per line");
        }
        Map<String, Account> users = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(users, line, "--users-file " + file + " line " + (i + 1));
            }
        }
        return new Users(users);
    }

    private static void requirePrivate(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null || !Files.exists(file)) {
            return; // not a POSIX file system (or missing: reading it says so)
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = posix.readAttributes().permissions();
        } catch (IOException e) {
            return; // reading it says what is wrong
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(permissions);
        open.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("--users-file " + file + " may be read or changed by other users (mode "
                    + PosixFilePermissions.toString(permissions) + "); make it private to the server's user with"
                    + " 'chmod 600 " + file + "'");
        }
    }

    /** Both sets of users; a user defined in both is an error naming the user. */
    public Users and(Users other) {
        Map<String, Account> all = new TreeMap<>(accounts);
        for (Map.Entry<String, Account> user : other.accounts.entrySet()) {
            if (all.putIfAbsent(user.getKey(), user.getValue()) != null) {
                throw new IllegalArgumentException("user '" + user.getKey()
                        + "' is defined twice (in --users and in --users-file); keep one");
            }
        }
        return new Users(all);
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    public Set<String> names() {
        return accounts.keySet();
    }

    /** Whether {@code user} is a configured user name. */
    public boolean contains(String user) {
        return user != null && accounts.containsKey(user);
    }

    /** The user's role; {@link Role#READ_ONLY} for a name that is not a user. */
    public Role role(String user) {
        Account account = user == null ? null : accounts.get(user);
        return account == null ? Role.READ_ONLY : account.role();
    }

    /** Whether {@code password} is {@code user}'s password; takes the same time whatever the answer. */
    public boolean matches(String user, String password) {
        Account account = user == null ? null : accounts.get(user);
        if (account == null) {
            UnknownUser.HASH.matches(password);
            return false;
        }
        return account.hash().matches(password);
    }

    @Override
    public String toString() {
        return "Users" + accounts.keySet();
    }

    private static void add(Map<String, Account> users, String entry, String where) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(where + " has no ':'; write user:password[:role]");
        }
        String user = entry.substring(0, colon).strip();
        String password = entry.substring(colon + 1);
        Role role = Role.READ_ONLY;
        int last = password.lastIndexOf(':');
        if (last >= 0 && Role.ofLabel(password.substring(last + 1)) != null) {
            role = Role.ofLabel(password.substring(last + 1));
            password = password.substring(0, last);
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException(where + " has an empty user name; write user:password[:role]");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(where + ": user '" + user + "' has an empty password");
        }
        PasswordHash hash = PasswordHash.isEncoded(password) ? PasswordHash.parse(password, where + ": user '" + user + "'")
                : PasswordHash.create(password);
        if (users.putIfAbsent(user, new Account(hash, role)) != null) {
            throw new IllegalArgumentException(where + ": user '" + user + "' is defined twice; keep one");
        }
    }
}
