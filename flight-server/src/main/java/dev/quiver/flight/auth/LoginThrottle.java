package dev.quiver.flight.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed logins per user name and per client address over a sliding minute. Once a name or an address has
 * its limit of failures in the last minute, {@link #check} refuses further logins there with a
 * {@link LoginThrottledException} saying when to retry, before any password is hashed. Successful logins are not
 * counted and do not clear failures. Only configured user names are counted (a guessed name cannot grow the
 * table); addresses are kept for at most {@value #MAX_ADDRESSES} clients, the least recently failing forgotten
 * first. Thread-safe; time comes from the injected clock.
 */
public final class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private final int perUser;
    private final int perAddress;
    private final Clock clock;
    private final Map<String, Deque<Instant>> users = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(int perUser, int perAddress, Clock clock) {
        if (perUser < 1 || perAddress < 1) {
            throw new IllegalArgumentException("login failure limits must be at least 1, got " + perUser + " and "
                    + perAddress);
        }
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.clock = clock;
    }

    /**
     * Refuses a login as {@code user} from {@code address} (null when unknown) while either has its limit of
     * failures in the last minute.
     */
    public synchronized void check(String user, String address) {
        Instant now = clock.instant();
        if (address != null) {
            refuseIfFull(addresses.get(address), perAddress, now, "from your address", "--login-failures-per-address");
        }
        if (user != null) {
            refuseIfFull(users.get(user), perUser, now, "for user '" + user + "'", "--login-failures-per-minute");
        }
    }

    /** Counts a failed login; {@code known} says whether {@code user} is a configured user name. */
    public synchronized void failed(String user, boolean known, String address) {
        Instant now = clock.instant();
        if (known && user != null) {
            record(users.computeIfAbsent(user, name -> new ArrayDeque<>()), perUser, now);
        }
        if (address != null) {
            record(addresses.computeIfAbsent(address, key -> new ArrayDeque<>()), perAddress, now);
            if (addresses.size() > MAX_ADDRESSES) {
                forgetQuietAddresses(now);
            }
        }
    }

    private void refuseIfFull(Deque<Instant> failures, int limit, Instant now, String what, String flag) {
        if (failures == null) {
            return;
        }
        prune(failures, now);
        if (failures.size() >= limit) {
            throw new LoginThrottledException(what, limit, flag, Duration.between(now, failures.peekFirst().plus(WINDOW)));
        }
    }

    private static void record(Deque<Instant> failures, int limit, Instant now) {
        prune(failures, now);
        failures.addLast(now);
        while (failures.size() > limit) {
            failures.removeFirst();
        }
    }

    private static void prune(Deque<Instant> failures, Instant now) {
        Instant start = now.minus(WINDOW);
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(start)) {
            failures.removeFirst();
        }
    }

    private void forgetQuietAddresses(Instant now) {
        addresses.values().removeIf(failures -> {
            prune(failures, now);
            return failures.isEmpty();
        });
        Iterator<String> eldest = addresses.keySet().iterator();
        while (addresses.size() > MAX_ADDRESSES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
