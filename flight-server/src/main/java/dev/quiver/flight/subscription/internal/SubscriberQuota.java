package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many subscriptions may be open at once: on the whole server and per signed-in user (security review M4:
 * 50,000 subscriptions opened and never read would otherwise all be held). A subscription takes a {@link Lease}
 * before it is registered and gives it back when it ends, however it ends.
 */
public final class SubscriberQuota {
    private final int maxTotal;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    /** Open subscriptions per user who holds any; updated atomically per user with {@code compute}. */
    private final ConcurrentMap<String, Integer> perUser = new ConcurrentHashMap<>();

    public SubscriberQuota(int maxTotal, int maxPerUser) {
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
    }

    /**
     * A place for one more subscription of {@code user} (empty: anonymous, counted only against the server's cap).
     *
     * @throws QuiverException RESOURCE_EXHAUSTED naming the cap that is reached and its flag
     */
    public Lease acquire(String user) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            throw new QuiverException(Status.RESOURCE_EXHAUSTED, "this server already holds " + maxTotal
                    + " open subscriptions (--max-subscriptions); close one, or subscribe on another instance");
        }
        if (user.isEmpty()) {
            return new Lease(null);
        }
        boolean[] taken = {false};
        perUser.compute(user, (name, open) -> {
            int count = open == null ? 0 : open;
            if (count >= maxPerUser) {
                return open;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            total.decrementAndGet();
            throw new QuiverException(Status.RESOURCE_EXHAUSTED, "user '" + user + "' already holds " + maxPerUser
                    + " open subscriptions (--max-subscriptions-per-user); close one first, or subscribe to more"
                    + " entity types in one subscription");
        }
        return new Lease(user);
    }

    /** Subscriptions open now, all users together. */
    public int total() {
        return total.get();
    }

    /** Subscriptions {@code user} holds open now. */
    public int of(String user) {
        return perUser.getOrDefault(user, 0);
    }

    /** One open subscription's place; {@link #close()} gives it back, once. */
    public final class Lease implements AutoCloseable {
        private final String user;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            total.decrementAndGet();
            if (user != null) {
                perUser.computeIfPresent(user, (name, open) -> open <= 1 ? null : open - 1);
            }
        }
    }
}
