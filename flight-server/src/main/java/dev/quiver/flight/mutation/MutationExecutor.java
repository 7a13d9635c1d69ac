package dev.quiver.flight.mutation;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.outbox.OutboxStore;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.MutationField;
import dev.quiver.flight.source.Database;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MutationPlan} in one database transaction: the row change, reading the row back, and the
 * observer event appended to the outbox commit together or not at all. Values are always bound as
 * parameters. Client errors (unknown key, constraint violation, a value the column cannot take) roll back and
 * become {@link InvalidRequestException}s; other database failures roll back and become
 * {@link MutationFailedException}s. Transport-neutral: Flight and HTTP/JSON call it alike.
 */
public final class MutationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(MutationExecutor.class);

    private final Database database;
    private final BufferAllocator allocator;
    private final OutboxStore outbox;
    private final Clock clock;
    private final Runnable afterCommit;

    /**
     * @param afterCommit called after each commit, e.g. to wake the outbox relay; must not throw
     */
    public MutationExecutor(Database database, BufferAllocator allocator, OutboxStore outbox, Clock clock,
                            Runnable afterCommit) {
        this.database = database;
        this.allocator = allocator;
        this.outbox = outbox;
        this.clock = clock;
        this.afterCommit = afterCommit;
    }

    /** Runs {@code plan} on behalf of {@code actor}, unguarded, and returns the committed row and event. */
    public MutationResult execute(MutationPlan plan, Actor actor) {
        return execute(plan, actor, QueryGuard.NONE);
    }

    /**
     * Runs {@code plan} on behalf of {@code actor} and returns the committed row and event. Every statement runs
     * under {@code guard}: the query's timeout and cancel end a statement waiting for a row lock (security review
     * M3: {@code SELECT ... FOR UPDATE} behind another transaction's lock used to wait for ever, holding its slot).
     */
    public MutationResult execute(MutationPlan plan, Actor actor, QueryGuard guard) {
        MutationField field = plan.field();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try {
                MutationResult result = run(connection, plan, actor, guard);
                connection.commit();
                LOG.debug("{} {} {}: event {}", field.name(), field.entity().typeName(), result.event().entityId(),
                        result.event().eventId());
                afterCommit.run();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, field);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(field, e);
        }
    }

    /** Runs {@code plan} under {@code guard} and delivers the result to {@code stream} as one batch of one row. */
    public MutationResult execute(MutationPlan plan, Actor actor, BatchStream stream, QueryGuard guard)
            throws Exception {
        MutationResult result = execute(plan, actor, guard);
        write(result, stream);
        return result;
    }

    /** Delivers a result to {@code stream} as one batch of one row with the plan's schema. */
    public void write(MutationResult result, BatchStream stream) throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(result.plan().schema(), allocator)) {
            stream.start(root);
            ArrowRowWriter.write(root, result.plan().columns(), result.row());
            stream.batch(root, 1);
        }
    }

    private MutationResult run(Connection connection, MutationPlan plan, Actor actor, QueryGuard guard)
            throws SQLException {
        MutationField field = plan.field();
        EntityType entity = field.entity();
        EntityRow row;
        EventType type;
        switch (field.kind()) {
            case CREATE:
                Object key = insert(connection, plan, guard);
                row = select(connection, field, key, false, guard).orElseThrow(() ->
                        new IllegalStateException("the inserted " + entity.typeName() + " " + key + " cannot be read back"));
                type = EventType.CREATED;
                break;
            case UPDATE:
            case SET:
                if (update(connection, plan, guard) == 0) {
                    throw notFound(field, plan.key());
                }
                row = select(connection, field, plan.key(), false, guard).orElseThrow(() -> notFound(field, plan.key()));
                type = EventType.UPDATED;
                break;
            case DELETE:
                row = select(connection, field, plan.key(), true, guard).orElseThrow(() -> notFound(field, plan.key()));
                delete(connection, plan, guard);
                type = EventType.DELETED;
                break;
            default:
                throw new IllegalStateException("unknown mutation kind " + field.kind());
        }
        ObserverEvent event = new ObserverEvent(UUID.randomUUID().toString(), type, entity.typeName(),
                String.valueOf(row.get(field.key().name())), clock.instant(), actor.userId(), actor.orgId(), row.toJson());
        try {
            outbox.append(connection, event);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field.name() + ": " + e.getMessage() + "; nothing was changed");
        }
        return new MutationResult(plan, row, event);
    }

    /** INSERT; returns the key, read back from the database when the input left it out. */
    private static Object insert(Connection connection, MutationPlan plan, QueryGuard guard) throws SQLException {
        EntityType entity = plan.field().entity();
        ColumnField key = plan.field().key();
        List<Object> parameters = new ArrayList<>();
        String sql;
        if (plan.values().isEmpty()) {
            sql = "INSERT INTO " + quote(entity.table()) + " DEFAULT VALUES";
        } else {
            StringJoiner columns = new StringJoiner(", ", " (", ")");
            StringJoiner marks = new StringJoiner(", ", " VALUES (", ")");
            for (Map.Entry<ColumnField, Object> value : plan.values().entrySet()) {
                columns.add(quote(value.getKey().column()));
                marks.add("?");
                parameters.add(value.getValue());
            }
            sql = "INSERT INTO " + quote(entity.table()) + columns + marks;
        }
        boolean generated = plan.key() == null;
        try (PreparedStatement insert = generated
                ? connection.prepareStatement(sql, new String[] {key.column()})
                : connection.prepareStatement(sql)) {
            bind(insert, parameters);
            executeUpdate(insert, guard);
            if (!generated) {
                return plan.key();
            }
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new IllegalStateException("the database returned no generated " + key.column() + " for "
                            + entity.table());
                }
                return keys.getObject(1);
            }
        }
    }

    private static int update(Connection connection, MutationPlan plan, QueryGuard guard) throws SQLException {
        EntityType entity = plan.field().entity();
        StringJoiner sets = new StringJoiner(", ");
        List<Object> parameters = new ArrayList<>();
        for (Map.Entry<ColumnField, Object> value : plan.values().entrySet()) {
            sets.add(quote(value.getKey().column()) + " = ?");
            parameters.add(value.getValue());
        }
        parameters.add(plan.key());
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + quote(entity.table()) + " SET " + sets
                + " WHERE " + quote(plan.field().key().column()) + " = ?")) {
            bind(update, parameters);
            return executeUpdate(update, guard);
        }
    }

    private static void delete(Connection connection, MutationPlan plan, QueryGuard guard) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + quote(plan.field().entity().table())
                + " WHERE " + quote(plan.field().key().column()) + " = ?")) {
            delete.setObject(1, plan.key());
            executeUpdate(delete, guard);
        }
    }

    private static Optional<EntityRow> select(Connection connection, MutationField field, Object key, boolean lock,
                                              QueryGuard guard) throws SQLException {
        EntityType entity = field.entity();
        StringJoiner columns = new StringJoiner(", ", "SELECT ", " FROM " + quote(entity.table()));
        entity.columns().forEach(c -> columns.add(quote(c.column())));
        String sql = columns + " WHERE " + quote(field.key().column()) + " = ?" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, key);
            try (QueryGuard.Registration guarded = guard.guard(select);
                 ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(EntityRow.read(rows, entity)) : Optional.empty();
            }
        }
    }

    private static int executeUpdate(PreparedStatement statement, QueryGuard guard) throws SQLException {
        try (QueryGuard.Registration guarded = guard.guard(statement)) {
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static InvalidRequestException notFound(MutationField field, Object key) {
        return new InvalidRequestException(field.name() + ": no " + field.entity().typeName() + " has "
                + field.key().name() + " '" + key + "'; nothing was changed");
    }

    /**
     * SQLSTATE class 22 (data exception) and 23 (integrity constraint violation) are the client's to fix: they are
     * told the kind of refusal and the SQLSTATE, the database's own words (which name tables, columns and constraints)
     * go to the log only.
     */
    private static RuntimeException translate(MutationField field, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            LOG.info("{} refused by the database (SQLSTATE {}): {}", field.name(), state, databaseMessage(e));
            return new InvalidRequestException(field.name() + " was refused by the database and changed nothing: "
                    + (state.startsWith("22") ? "a value does not fit its column (too long, out of range or malformed)"
                    : "the values break a rule of the table (a key that exists already, a reference to a row that does"
                    + " not exist, or a required value missing)") + " (SQLSTATE " + state + ")");
        }
        return new MutationFailedException(field.name() + " failed in the database (SQLSTATE " + state
                + ") and changed nothing", e);
    }

    /** The database's own words, without the SQL text H2 appends, on one line. */
    private static String databaseMessage(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int sql = message.indexOf("; SQL statement:");
        if (sql >= 0) {
            message = message.substring(0, sql);
        }
        return message.replaceAll("\\s+", " ").strip();
    }

    private static void rollback(Connection connection, MutationField field) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of {} failed (the connection is closed next, which discards the transaction): {}",
                    field.name(), e.getMessage());
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
