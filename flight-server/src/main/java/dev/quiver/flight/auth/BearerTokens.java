package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens handed out after a successful Flight login: 256 random bits, URL-safe Base64. A token ends when it
 * has not been used for {@code idleTimeout}, or {@code lifetime} after it was issued however often it is used;
 * tokens live in memory only, so a restart ends them all (clients log in again). Only a digest of each token is
 * kept.
 *
 * <p>Bounded: a user holds at most {@value #MAX_TOKENS_PER_USER} tokens, and a new one ends that user's oldest
 * (never another user's), so the store holds at most that many tokens per configured user. Tokens are indexed per
 * user: issuing one looks at that user's tokens only, under that user's lock; at most once a minute an issue also
 * drops every user's expired tokens. Thread-safe; time comes from the injected clock.
 */
public final class BearerTokens {
    /** The idle time after which a token expires. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(2);
    /** The most tokens one user holds at once. */
    public static final int MAX_TOKENS_PER_USER = 256;
    /** How long after its issue a token ends, used or not ({@code --token-lifetime}'s default). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Duration idleTimeout;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Holder> byDigest = new ConcurrentHashMap<>();
    /** Per user, the digests of its tokens, oldest first; each deque is also that user's lock. */
    private final Map<String, Deque<String>> byUser = new ConcurrentHashMap<>();
    /** When {@link #issue} next drops every user's expired tokens (at most once a minute, without a global lock). */
    private volatile Instant nextSweep = Instant.MIN;

    public BearerTokens(Duration idleTimeout, Duration lifetime, Clock clock) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the token idle timeout must be positive, got " + idleTimeout);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("--token-lifetime must be positive, got " + lifetime);
        }
        this.idleTimeout = idleTimeout;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** With the default lifetime ({@code --token-lifetime} 12 hours). */
    public BearerTokens(Duration idleTimeout, Clock clock) {
        this(idleTimeout, DEFAULT_LIFETIME, clock);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * A new token for {@code user}. The user's expired tokens are dropped on the way, and a user already holding
     * {@value #MAX_TOKENS_PER_USER} tokens loses its oldest.
     */
    public String issue(String user) {
        Instant now = clock.instant();
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(SWEEP_INTERVAL);
            byDigest.forEach((digest, holder) -> {
                if (holder.expired(now, idleTimeout, lifetime)) {
                    forget(digest, holder);
                }
            });
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String key = digest(token);
        Deque<String> own = byUser.computeIfAbsent(user, name -> new ArrayDeque<>());
        synchronized (own) {
            own.removeIf(digest -> {
                Holder holder = byDigest.get(digest);
                if (holder == null || holder.expired(now, idleTimeout, lifetime)) {
                    byDigest.remove(digest);
                    return true;
                }
                return false;
            });
            while (own.size() >= MAX_TOKENS_PER_USER) {
                byDigest.remove(own.removeFirst());
            }
            byDigest.put(key, new Holder(user, now));
            own.addLast(key);
        }
        return token;
    }

    /** The user the token was issued to, if it is known and has not expired; a hit keeps it alive (up to its lifetime). */
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
        if (holder.expired(now, idleTimeout, lifetime)) {
            forget(key, holder);
            return Optional.empty();
        }
        holder.lastUsed = now;
        return Optional.of(holder.user);
    }

    /** Forgets the token (a logout); unknown tokens are ignored. */
    public void revoke(String token) {
        if (token != null) {
            String key = digest(token);
            Holder holder = byDigest.get(key);
            if (holder != null) {
                forget(key, holder);
            }
        }
    }

    /** Tokens currently held (expired ones may still count until their user's next {@link #issue}). */
    public int size() {
        return byDigest.size();
    }

    private void forget(String key, Holder holder) {
        Deque<String> own = byUser.get(holder.user);
        if (own == null) {
            byDigest.remove(key, holder);
            return;
        }
        synchronized (own) {
            byDigest.remove(key, holder);
            own.remove(key);
        }
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
        final Instant issued;
        volatile Instant lastUsed;

        Holder(String user, Instant issued) {
            this.user = user;
            this.issued = issued;
            this.lastUsed = issued;
        }

        boolean expired(Instant now, Duration idleTimeout, Duration lifetime) {
            return !now.isBefore(lastUsed.plus(idleTimeout)) || !now.isBefore(issued.plus(lifetime));
        }
    }
}
