package dev.quiver.flight.mutation;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.outbox.EventPublisher;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.outbox.OutboxRelay;
import dev.quiver.flight.outbox.OutboxStore;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.source.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutation side of a server, for any transport: runs compiled mutations with their outbox
 * event, and owns the {@link OutboxRelay} that publishes those events (unless {@code --no-relay}).
 *
 * <p>Lifecycle: {@link #start} creates the outbox table and starts the relay (which never fails startup: with
 * NATS absent it logs once and keeps retrying); {@link #close} stops the relay. Close it before the database.
 * Which {@link EventPublisher} the relay uses is the caller's choice (the server's composition root).
 */
public final class Mutations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mutations.class);

    private final MutationExecutor executor;
    private final OutboxRelay relay;

    Mutations(MutationExecutor executor, OutboxRelay relay) {
        this.executor = executor;
        this.relay = relay;
    }

    /**
     * Creates the outbox table, then starts the relay unless {@code events} turns it off.
     *
     * @param publisher makes the relay's publisher; called once, and only when {@code events} turns the relay on
     *                  (the relay closes what it returns)
     */
    public static Mutations start(Database database, BufferAllocator allocator, EventsConfig events,
                                  Supplier<EventPublisher> publisher) throws SQLException {
        OutboxStore outbox = new OutboxStore(events);
        try (Connection connection = database.connect()) {
            outbox.createTable(connection);
        }
        OutboxRelay relay = null;
        if (events.relayEnabled()) {
            relay = OutboxRelay.create(database, outbox, publisher.get(), events).start();
        } else {
            LOG.info("outbox relay off (--no-relay): mutation events are recorded in {} and not published",
                    OutboxStore.TABLE);
        }
        OutboxRelay wake = relay;
        MutationExecutor executor = new MutationExecutor(database, allocator, outbox, Clock.systemUTC(),
                wake == null ? () -> { } : wake::wakeUp);
        return new Mutations(executor, relay);
    }

    public MutationResult execute(MutationPlan plan, Actor actor) {
        return executor.execute(plan, actor);
    }

    /** Runs {@code plan} under {@code guard} (timeout, cancel) and delivers its one-row result to {@code stream}. */
    public MutationResult execute(MutationPlan plan, Actor actor, BatchStream stream, QueryGuard guard)
            throws Exception {
        return executor.execute(plan, actor, stream, guard);
    }

    /** The relay, if this server publishes events (for metrics and health). */
    public Optional<OutboxRelay> relay() {
        return Optional.ofNullable(relay);
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
    }
}
