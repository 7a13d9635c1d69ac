package dev.quiver.flight.query.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.source.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The row estimate GetFlightInfo announces before any row is read: the source's query planner's guess, never a
 * count, so answering GetFlightInfo costs about what planning the query costs and the table is not read twice.
 *
 * <ul>
 *   <li>PostgreSQL: {@code EXPLAIN (FORMAT JSON)} of the plan's own statement with its own bound parameters gives the
 *       top node's {@code "Plan Rows"}; the top node is the LIMIT, so {@code limit:} and {@code offset:} are in it.
 *       EXPLAIN without ANALYZE plans and does not run the statement. It runs under the query's guard.</li>
 *   <li>The embedded H2 database: -1. H2 2.x has no honest estimate to give: its EXPLAIN shows the chosen indexes
 *       but no row count, EXPLAIN ANALYZE runs the query, and {@code INFORMATION_SCHEMA.TABLES.ROW_COUNT_ESTIMATE}
 *       is the whole table's size, blind to the WHERE clause and the limit.</li>
 * </ul>
 */
public final class RowEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(RowEstimator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@link Database#kind()} of the sources whose planner is asked. */
    private static final String POSTGRES = "postgres";

    private final Database database;

    public RowEstimator(Database database) {
        this.database = database;
    }

    /**
     * The planner's estimate of the rows {@code plan} returns, or -1 when the source cannot say or asking failed
     * (logged at WARN).
     *
     * @throws dev.quiver.flight.admission.QueryStoppedException when the guard's query stopped before or while the
     *         planner was asked
     */
    public long estimate(SelectPlan plan, QueryGuard guard) {
        guard.checkActive();
        if (!POSTGRES.equals(database.kind())) {
            return -1;
        }
        try (Connection connection = database.connect();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + plan.sql())) {
            StatementBinder.bind(explain, 1, plan.parameters());
            try (QueryGuard.Registration guarded = guard.guard(explain);
                 ResultSet result = explain.executeQuery()) {
                if (!result.next()) {
                    LOG.warn("no row estimate for {}: EXPLAIN returned no plan", plan.entity().rootField());
                    return -1;
                }
                return planRows(result.getString(1), plan.entity().rootField());
            }
        } catch (SQLException e) {
            guard.checkActive(); // a statement cancelled because the query stopped fails like any other
            LOG.warn("no row estimate for {}: EXPLAIN failed: {}", plan.entity().rootField(), e.getMessage());
            return -1;
        }
    }

    /** The top node's "Plan Rows" in PostgreSQL's {@code [{"Plan": {...}}]}, or -1 (logged) if it is not there. */
    private static long planRows(String explainJson, String rootField) {
        try {
            JsonNode rows = JSON.readTree(explainJson).path(0).path("Plan").path("Plan Rows");
            if (rows.isNumber()) {
                return Math.round(rows.doubleValue());
            }
            LOG.warn("no row estimate for {}: EXPLAIN's top node has no \"Plan Rows\"", rootField);
        } catch (JsonProcessingException e) {
            LOG.warn("no row estimate for {}: EXPLAIN's answer is not JSON: {}", rootField, e.getOriginalMessage());
        }
        return -1;
    }
}
