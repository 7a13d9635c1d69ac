package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens handed out after a successful login: 256 random bits, URL-safe Base64. A token stays valid while
 * it is used at least once per {@code idleTimeout}; tokens live in memory only, so a restart ends them all (clients
 * log in again). Only a digest of each token is kept. Thread-safe; time comes from the injected clock.
 */
public final class BearerTokens {
    /** The idle time after which a token expires, as Flight's own token cache does. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(2);
    /** The most tokens one user holds at once. */
    public static final int MAX_TOKENS_PER_USER = 256;

    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Holder> byDigest = new ConcurrentHashMap<>();

    public BearerTokens(Duration idleTimeout, Clock clock) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the token idle timeout must be positive, got " + idleTimeout);
        }
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * A new token for {@code user}. Expired tokens are dropped on the way, and a user holding
     * {@value #MAX_TOKENS_PER_USER} tokens loses the least recently used one, so the store stays bounded even for a
     * client that sends its password on every call (each such call is a login).
     */
    public synchronized String issue(String user) {
        Instant now = clock.instant();
        byDigest.values().removeIf(holder -> holder.expired(now, idleTimeout));
        List<Map.Entry<String, Holder>> own = byDigest.entrySet().stream()
                .filter(entry -> entry.getValue().user.equals(user)).toList();
        if (own.size() >= MAX_TOKENS_PER_USER) {
            own.stream().min(Comparator.comparing(entry -> entry.getValue().lastUsed))
                    .ifPresent(oldest -> byDigest.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byDigest.put(digest(token), new Holder(user, now));
        return token;
    }

    /** The user the token was issued to, if it is known and has not expired; a hit keeps it alive. */
    public Optional<String> userOf(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = digest(token);
        Instant now = clock.instant();
        Holder holder = byDigest.get(key);
        if (holder == null) {
            return Optional.empty();
        }
        if (holder.expired(now, idleTimeout)) {
            byDigest.remove(key, holder);
            return Optional.empty();
        }
        holder.lastUsed = now;
        return Optional.of(holder.user);
    }

    /** Forgets the token (a logout); unknown tokens are ignored. */
    public void revoke(String token) {
        if (token != null) {
            byDigest.remove(digest(token));
        }
    }

    /** Tokens currently held (expired ones may still count until the next {@link #issue}). */
    public int size() {
        return byDigest.size();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final class Holder {
        final String user;
        volatile Instant lastUsed;

        Holder(String user, Instant lastUsed) {
            this.user = user;
            this.lastUsed = lastUsed;
        }

        boolean expired(Instant now, Duration idleTimeout) {
            return !now.isBefore(lastUsed.plus(idleTimeout));
        }
    }
}
