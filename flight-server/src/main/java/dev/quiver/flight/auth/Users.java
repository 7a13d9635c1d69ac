package dev.quiver.flight.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users allowed in and their passwords, kept only as SHA-256 digests. {@link #matches} compares digests in
 * constant time, and compares against a dummy digest for an unknown user, so neither the password's content nor
 * whether the user exists shows in the answer time. {@link #toString()} names the users, never a password.
 *
 * <p>Read from {@code --users alice:secret,bob:pw} ({@link #parse}) and/or a file with one {@code user:password}
 * per line ({@link #read}); the password is everything after the first {@code :}. No users means authentication
 * is off.
 */
public final class Users {
    public static final Users NONE = new Users(Map.of());
    private static final byte[] UNKNOWN_USER_DIGEST = sha256("no such user: compare against something anyway");

    private final Map<String, byte[]> digests;

    private Users(Map<String, byte[]> digests) {
        this.digests = Collections.unmodifiableMap(new TreeMap<>(digests));
    }

    /**
     * Parses {@code user:password[,user:password...]}; {@code source} names where the text came from in errors
     * (e.g. {@code --users}), which never quote a password.
     */
    public static Users parse(String spec, String source) {
        Map<String, byte[]> users = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            add(users, entries[i].trim(), source + " entry " + (i + 1));
        }
        return new Users(users);
    }

    /** Reads one {@code user:password} per line; blank lines and lines starting with {@code #} are skipped. */
    public static Users read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--users-file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); give a readable file with one user:password per line");
        }
        Map<String, byte[]> users = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(users, line, "--users-file " + file + " line " + (i + 1));
            }
        }
        return new Users(users);
    }

    /** Both sets of users; a user defined in both is an error naming the user. */
    public Users and(Users other) {
        Map<String, byte[]> all = new TreeMap<>(digests);
        for (Map.Entry<String, byte[]> user : other.digests.entrySet()) {
            if (all.putIfAbsent(user.getKey(), user.getValue()) != null) {
                throw new IllegalArgumentException("user '" + user.getKey()
                        + "' is defined twice (in --users and in --users-file); keep one");
            }
        }
        return new Users(all);
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public Set<String> names() {
        return digests.keySet();
    }

    /** Whether {@code password} is {@code user}'s password; takes the same time whatever the answer. */
    public boolean matches(String user, String password) {
        byte[] expected = user == null ? null : digests.get(user);
        byte[] given = sha256(password == null ? "" : password);
        boolean equal = MessageDigest.isEqual(expected == null ? UNKNOWN_USER_DIGEST : expected, given);
        return expected != null && equal;
    }

    @Override
    public String toString() {
        return "Users" + digests.keySet();
    }

    private static void add(Map<String, byte[]> users, String entry, String where) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(where + " has no ':'; write user:password");
        }
        String user = entry.substring(0, colon).strip();
        String password = entry.substring(colon + 1);
        if (user.isEmpty()) {
            throw new IllegalArgumentException(where + " has an empty user name; write user:password");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(where + ": user '" + user + "' has an empty password");
        }
        if (users.putIfAbsent(user, sha256(password)) != null) {
            throw new IllegalArgumentException(where + ": user '" + user + "' is defined twice; keep one");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
