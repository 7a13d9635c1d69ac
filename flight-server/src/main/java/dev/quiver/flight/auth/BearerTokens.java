package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

    /** A new token for {@code user}; expired tokens are dropped on the way, so the store stays bounded. */
    public String issue(String user) {
        Instant now = clock.instant();
        byDigest.values().removeIf(holder -> holder.expired(now, idleTimeout));
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
