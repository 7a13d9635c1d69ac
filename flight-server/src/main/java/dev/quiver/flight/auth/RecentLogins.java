package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for {@value #REMEMBER_MINUTES} minutes, the last password that passed the slow hash for each user, as an
 * HMAC-SHA256 under a random key made at start (never the password, and not a digest someone could test guesses
 * against without that key). A client sending HTTP Basic credentials on every request then costs one slow hash per
 * few minutes, not one per request, while a wrong password always pays the full hash (and counts as a failure).
 * Holds at most one entry per configured user. Thread-safe.
 */
final class RecentLogins {
    static final int REMEMBER_MINUTES = 5;
    private static final Duration REMEMBER = Duration.ofMinutes(REMEMBER_MINUTES);

    private final byte[] key = new byte[32];
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(byte[] mac, Instant until) {
    }

    RecentLogins(Clock clock) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
    }

    /** Whether {@code password} is the one that last passed for {@code user}, within the last few minutes. */
    boolean remembers(String user, String password) {
        Entry entry = entries.get(user);
        if (entry == null) {
            return false;
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(user, entry);
            return false;
        }
        return MessageDigest.isEqual(entry.mac(), mac(user, password));
    }

    void remember(String user, String password) {
        entries.put(user, new Entry(mac(user, password), clock.instant().plus(REMEMBER)));
    }

    private byte[] mac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal((password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
