package dev.quiver.flight.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash: PBKDF2 with HMAC-SHA256 (the JDK's {@code PBKDF2WithHmacSHA256}), written in a
 * self-describing form a users file may hold instead of the password:
 * <pre>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, Base64&gt;$&lt;hash, Base64&gt;</pre>
 * {@code java -jar quiver-flight-server.jar --hash-password} prints one for a password read from standard input.
 * {@link #toString()} never shows the hash.
 */
public final class PasswordHash {
    /** The prefix of an encoded hash. */
    public static final String PREFIX = "pbkdf2-sha256$";
    /** Iterations of new hashes (OWASP's 2021 advice for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 310_000;
    /** Fewest iterations an encoded hash may have: fewer would make guessing cheap. */
    public static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A hash of {@code password} with a new random salt. */
    public static PasswordHash create(String password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    static PasswordHash create(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, pbkdf2(password, salt, iterations, HASH_BITS));
    }

    /** Whether {@code text} is written as an encoded hash (starts with {@value #PREFIX}). */
    public static boolean isEncoded(String text) {
        return text.startsWith(PREFIX);
    }

    /**
     * Reads {@code pbkdf2-sha256$iterations$salt$hash}; {@code where} names the entry in errors, which never quote
     * the hash.
     */
    public static PasswordHash parse(String encoded, String where) {
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        String how = "; write pbkdf2-sha256$<iterations>$<salt, Base64>$<hash, Base64> as printed by"
                + " --hash-password";
        if (parts.length != 3) {
            throw new IllegalArgumentException(where + ": the password hash has " + (parts.length + 1)
                    + " '$'-separated parts, not 4" + how);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": the password hash's iteration count is not a number" + how);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(where + ": the password hash has " + iterations + " iterations; give "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS + " (--hash-password uses " + DEFAULT_ITERATIONS + ")");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            hash = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the password hash's salt or hash is not Base64" + how);
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException(where + ": the password hash's salt (at least 8 bytes) or hash (at least"
                    + " 16 bytes) is too short" + how);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} hashes to this hash; the comparison takes the same time whatever the bytes. */
    public boolean matches(String password) {
        byte[] given = pbkdf2(password == null ? "" : password, salt, iterations, hash.length * 8);
        return MessageDigest.isEqual(hash, given);
    }

    /** The self-describing form a users file holds. */
    public String encoded() {
        return PREFIX + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    public int iterations() {
        return iterations;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A hash for a user that does not exist, so that an unknown name costs as much as a wrong password. */
    static PasswordHash dummy() {
        return create("no such user: compare against something anyway");
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, " + iterations + " iterations]";
    }
}
