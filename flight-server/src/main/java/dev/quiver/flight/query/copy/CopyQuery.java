package dev.quiver.flight.query.copy;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.query.internal.StatementBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.postgresql.core.BaseConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flat query (no relations) read from PostgreSQL by {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}: PostgreSQL
 * streams the rows without waiting for the reader to ask for the next fetch, and each field's bytes go straight
 * into its vector ({@link FieldDecoder}). Before the COPY, the statement is described (one round trip, nothing
 * runs) to learn the PostgreSQL type of each column; when a column's type has no decoder for its kind, or a
 * parameter cannot be written as a literal ({@link CopyStatement}), {@link #prepare} says so and the caller reads
 * through JDBC as before.
 */
public final class CopyQuery {
    private static final Logger LOG = LoggerFactory.getLogger(CopyQuery.class);

    private final BaseConnection connection;
    private final String sql;
    private final FieldDecoder[] decoders;

    private CopyQuery(BaseConnection connection, String sql, FieldDecoder[] decoders) {
        this.connection = connection;
        this.sql = sql;
        this.decoders = decoders;
    }

    /**
     * The COPY reading {@code plan} into {@code vectors} (one per output column, in order), or empty when it
     * cannot be read that way: relations in the plan, a source other than PostgreSQL, a parameter with no literal,
     * or a column type with no decoder. The description it asks for runs under {@code guard}.
     */
    public static Optional<CopyQuery> prepare(Connection connection, SelectPlan plan, List<FieldVector> vectors,
                                              QueryGuard guard) throws SQLException {
        if (plan.columns().stream().anyMatch(OutputColumn::isRelation) || !connection.isWrapperFor(BaseConnection.class)) {
            return Optional.empty();
        }
        BaseConnection postgres = connection.unwrap(BaseConnection.class);
        Optional<String> copy = CopyStatement.of(plan.sql(), plan.parameters(), postgres.getStandardConformingStrings());
        if (copy.isEmpty()) {
            LOG.debug("{}: a parameter has no literal form; read through JDBC", plan.resultKey());
            return Optional.empty();
        }
        List<String> types = columnTypes(connection, plan, guard);
        List<List<FieldDecoder>> byField = new ArrayList<>();
        types.forEach(t -> byField.add(new ArrayList<>()));
        for (int i = 0; i < plan.columns().size(); i++) {
            OutputColumn column = plan.columns().get(i);
            if (!column.isScalar()) {
                continue;
            }
            String type = types.get(column.jdbcIndex() - 1);
            Optional<FieldDecoder> decoder = FieldDecoder.of(column.field(), type, vectors.get(i));
            if (decoder.isEmpty()) {
                LOG.debug("{}: column {} is a PostgreSQL {} read as {}, which COPY does not decode; read through JDBC",
                        plan.resultKey(), column.field().column(), type, column.field().kind());
                return Optional.empty();
            }
            byField.get(column.jdbcIndex() - 1).add(decoder.get());
        }
        FieldDecoder[] decoders = byField.stream().map(d -> d.isEmpty() ? null : FieldDecoder.all(d))
                .toArray(FieldDecoder[]::new);
        return Optional.of(new CopyQuery(postgres, copy.get(), decoders));
    }

    /** The PostgreSQL type names of the statement's result columns, from its description. */
    private static List<String> columnTypes(Connection connection, SelectPlan plan, QueryGuard guard) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(plan.sql());
             QueryGuard.Registration guarded = guard.guard(statement)) {
            StatementBinder.bind(statement, 1, plan.parameters());
            ResultSetMetaData columns = statement.getMetaData();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                types.add(FieldDecoder.typeName(columns.getColumnTypeName(i)));
            }
            return types;
        }
    }

    /** The COPY statement this query runs. */
    public String sql() {
        return sql;
    }

    /**
     * Starts the COPY; the rows come from the returned reader. While it is open, a stop of the query under
     * {@code guard} cancels the COPY on the server.
     */
    public Rows start(QueryGuard guard) throws SQLException {
        guard.checkActive();
        // registered before the COPY starts: PostgreSQL sends the COPY's first message with its first rows, so
        // copyOut itself waits as long as the first row takes
        QueryGuard.Registration cancelOnStop = guard.onStop(() -> {
            try {
                connection.cancelQuery();
            } catch (SQLException e) {
                LOG.debug("cancelling a COPY failed: {}", e.getMessage());
            }
        });
        try {
            CopyOut copy = connection.getCopyAPI().copyOut(sql);
            return new Rows(copy, new BinaryCopyRows(copy, decoders), cancelOnStop);
        } catch (SQLException | RuntimeException e) {
            cancelOnStop.close();
            throw e;
        }
    }

    /** A running COPY's rows; closing it before the last row cancels the COPY. */
    public static final class Rows implements AutoCloseable {
        private final CopyOut copy;
        private final BinaryCopyRows rows;
        private final QueryGuard.Registration cancelOnStop;

        private Rows(CopyOut copy, BinaryCopyRows rows, QueryGuard.Registration cancelOnStop) {
            this.copy = copy;
            this.rows = rows;
            this.cancelOnStop = cancelOnStop;
        }

        /** Decodes the next row into row {@code row} of the vectors; false after the last row. */
        public boolean next(int row) throws SQLException {
            return rows.next(row);
        }

        @Override
        public void close() throws SQLException {
            cancelOnStop.close();
            if (copy.isActive()) {
                copy.cancelCopy(); // the client stopped reading, or decoding failed: PostgreSQL stops sending
            }
        }
    }
}
