package dev.quiver.flight.exec;

import dev.quiver.flight.arrow.ResultSetBatcher;
import dev.quiver.flight.compile.SelectPlan;
import dev.quiver.flight.control.QueryGuard;
import dev.quiver.flight.source.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled {@link SelectPlan} against the source and hands its rows to a {@link BatchStream} as Arrow
 * batches of at most {@code batchRows} rows, read from a server-side cursor so memory stays bounded by one
 * batch whatever the result size. Transport-neutral: Flight and HTTP/JSON both stream through it.
 */
public final class QueryExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);

    private final Database database;
    private final BufferAllocator allocator;
    private final int batchRows;

    public QueryExecutor(Database database, BufferAllocator allocator, int batchRows) {
        this.database = database;
        this.allocator = allocator;
        this.batchRows = batchRows;
    }

    /**
     * Streams the plan's rows into {@code stream}.
     *
     * @return the number of rows delivered (fewer than the result when the stream stopped early)
     */
    public long execute(SelectPlan plan, BatchStream stream) throws Exception {
        return execute(plan, stream, QueryGuard.NONE);
    }

    /**
     * Like {@link #execute(SelectPlan, BatchStream)}, with the statement under {@code guard} while it runs: its
     * timeout set, and cancelled when the guard's query is stopped.
     */
    public long execute(SelectPlan plan, BatchStream stream, QueryGuard guard) throws Exception {
        long rows = 0;
        try (Connection connection = database.connect();
             PreparedStatement statement = prepare(connection, plan);
             QueryGuard.Registration guarded = guard.guard(statement);
             ResultSet results = statement.executeQuery();
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator)) {
            stream.start(root);
            ResultSetBatcher batcher = new ResultSetBatcher(results, plan.columns(), root, batchRows);
            int count;
            while ((count = batcher.next()) > 0) {
                if (!stream.batch(root, count)) {
                    LOG.info("stream of {} stopped by its client after {} rows", plan.entity().rootField(), rows);
                    return rows;
                }
                rows += count;
            }
        }
        LOG.debug("streamed {} rows of {}", rows, plan.entity().rootField());
        return rows;
    }

    /** The number of rows the plan would return, or -1 when the source cannot say. */
    public long estimateRows(SelectPlan plan) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(plan.countSql())) {
            bind(statement, plan);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        } catch (SQLException e) {
            LOG.warn("row estimate failed for {}: {}", plan.entity().rootField(), e.getMessage());
            return -1;
        }
    }

    /** The source's kind, for health reports. */
    public String sourceKind() {
        return database.kind();
    }

    private PreparedStatement prepare(Connection connection, SelectPlan plan) throws SQLException {
        connection.setAutoCommit(false); // PostgreSQL streams through a cursor only inside a transaction
        connection.setReadOnly(true);
        PreparedStatement statement = connection.prepareStatement(plan.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(batchRows);
        bind(statement, plan);
        return statement;
    }

    private static void bind(PreparedStatement statement, SelectPlan plan) throws SQLException {
        List<Object> parameters = plan.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
