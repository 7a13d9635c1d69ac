package dev.quiver.flight.query;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.copy.CopyQuery;
import dev.quiver.flight.query.internal.KeyColumns;
import dev.quiver.flight.query.internal.KeyRangeFinder;
import dev.quiver.flight.query.internal.RelationLoader;
import dev.quiver.flight.query.internal.RelationRowBudget;
import dev.quiver.flight.query.internal.RowEstimator;
import dev.quiver.flight.query.internal.RowKeys;
import dev.quiver.flight.query.internal.RowWriter;
import dev.quiver.flight.query.internal.StatementBinder;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.source.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.AllocationOutcome;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled {@link SelectPlan} against the source and hands its rows to a {@link BatchStream} as Arrow
 * batches of at most {@code batchRows} rows. The root statement is read through a server-side cursor (one
 * read-only transaction, autocommit off, fetch size = batch size); after each batch of root rows is read, each
 * relation in the plan runs once for the whole batch ({@link RelationLoader}). Memory stays bounded by one batch
 * of parents plus its children whatever the result size. Transport-neutral: Flight and HTTP/JSON both stream
 * through it.
 *
 * <p>One request cannot starve the others: each runs in its own child allocator limited to
 * {@code maxRequestMemory} bytes (many aliases of wide columns, or a wide fan-out, fail that request alone with
 * RESOURCE_EXHAUSTED), and a batch's rows across all relation levels are bounded by {@code maxBatchRows}
 * ({@link RelationRowBudget}).
 */
public final class QueryExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);

    private final Database database;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final RowEstimator estimator;
    private final KeyRangeFinder ranges;
    private final long maxRequestMemory;
    private final long maxBatchRows;
    private final boolean copyReads;

    /** An executor with no memory or fan-out limit of its own (the allocator's limit holds). */
    public QueryExecutor(Database database, BufferAllocator allocator, int batchRows) {
        this(database, allocator, batchRows, Long.MAX_VALUE, Integer.MAX_VALUE, true);
    }

    /**
     * @param maxRequestMemory most bytes of Arrow memory one request may hold at once
     * @param maxBatchRows     most rows one batch may hold across its root and every relation level
     * @param copyReads        read a flat query from PostgreSQL by binary COPY ({@link CopyQuery}) where it can,
     *                         and the rest with each value decoded from the bytes pgjdbc received; false: always
     *                         through a JDBC cursor and the typed getters
     */
    public QueryExecutor(Database database, BufferAllocator allocator, int batchRows, long maxRequestMemory,
                         long maxBatchRows, boolean copyReads) {
        this.copyReads = copyReads;
        this.database = database;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.estimator = new RowEstimator(database);
        this.ranges = new KeyRangeFinder(database);
        this.maxRequestMemory = maxRequestMemory;
        this.maxBatchRows = maxBatchRows;
    }

    /**
     * Streams the plan's rows into {@code stream}, with the root statement under {@code guard} while it runs: its
     * timeout set, and cancelled when the guard's query is stopped (in the server, the guard is the request's
     * {@link dev.quiver.flight.admission.RunningQuery}).
     *
     * @return the number of rows delivered (fewer than the result when the stream stopped early)
     */
    public long execute(SelectPlan plan, BatchStream stream, QueryGuard guard) throws Exception {
        FailedAllocation failed = new FailedAllocation();
        try (BufferAllocator request = allocator.newChildAllocator("query " + plan.resultKey(), failed, 0,
                maxRequestMemory)) {
            failed.request = request;
            try {
                return execute(plan, stream, guard, request);
            } catch (OutOfMemoryException e) {
                throw outOfMemory(failed.overOwnLimit);
            }
        }
    }

    /**
     * Tells, when an allocation fails (before the request's vectors are released), whose limit it hit: the request's
     * own, or the server's, which every request shares.
     */
    private static final class FailedAllocation implements AllocationListener {
        private volatile BufferAllocator request;
        private volatile boolean overOwnLimit = true;

        @Override
        public boolean onFailedAllocation(long size, AllocationOutcome outcome) {
            BufferAllocator own = request;
            overOwnLimit = own == null || own.getAllocatedMemory() + size > own.getLimit();
            return false;
        }
    }

    /**
     * The error of a request whose memory ran out: its own budget ({@code --max-request-memory}), or the server's,
     * which every request shares (the root allocator's limit, {@code --max-server-memory}): then the request is fine
     * and may be retried in a moment.
     */
    private QuiverException outOfMemory(boolean overOwnLimit) {
        if (!overOwnLimit) {
            return new QuiverException(Status.UNAVAILABLE, "the server's queries already hold all the"
                    + " memory it allows them together (--max-server-memory); retry in a moment, or ask for fewer rows"
                    + " or columns");
        }
        return new LimitExceededException("the answer needs more than " + maxRequestMemory + " bytes of memory at once"
                + " (--max-request-memory); ask for fewer columns or aliases, fewer nested relations, or fewer rows");
    }

    private long execute(SelectPlan plan, BatchStream stream, QueryGuard guard, BufferAllocator allocator)
            throws Exception {
        long rows;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false); // PostgreSQL streams through a cursor only inside a transaction
            connection.setReadOnly(true);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator)) {
                // sized for the batch the answer can fill: --batch-rows, or fewer when the LIMIT is smaller (pre-sizing
                // to --batch-rows asked a limit: 1 request with many aliases for batchRows x columns of memory);
                // growing from 1,024 rows instead made 1M-row answers about 7% slower in make bench
                int initialRows = (int) Math.max(1, Math.min(batchRows, plan.limit()));
                root.getFieldVectors().forEach(vector -> vector.setInitialCapacity(initialRows));
                Optional<CopyQuery> copy = copyReads ? CopyQuery.prepare(connection, plan, root.getFieldVectors(), guard)
                        : Optional.empty();
                rows = copy.isPresent() ? copyRows(copy.get(), plan, stream, guard, root)
                        : jdbcRows(connection, plan, stream, guard, allocator, root);
            }
            connection.rollback(); // read-only, nothing to keep: ends the cursor's transaction (on failure, close does)
        }
        LOG.debug("streamed {} rows of {}", rows, plan.entity().rootField());
        return rows;
    }

    /** The rows of a flat query as PostgreSQL's binary COPY sends them, decoded into the vectors as they come. */
    private long copyRows(CopyQuery copy, SelectPlan plan, BatchStream stream, QueryGuard guard, VectorSchemaRoot root)
            throws Exception {
        long rows = 0;
        List<Typename> typenames = Typename.of(plan, root);
        try (CopyQuery.Rows results = copy.start(guard)) {
            stream.start(root);
            boolean more = true;
            while (more) {
                root.allocateNew();
                int count = 0;
                while (count < batchRows && (more = results.next(count))) {
                    count++;
                }
                if (count == 0) {
                    break;
                }
                for (Typename typename : typenames) {
                    typename.fill(count);
                }
                if (!deliver(stream, root, count, plan, rows)) {
                    break;
                }
                rows += count;
            }
        }
        return rows;
    }

    /** Hands a filled batch of {@code count} rows to the stream; false when its client stopped reading. */
    private static boolean deliver(BatchStream stream, VectorSchemaRoot root, int count, SelectPlan plan, long delivered)
            throws Exception {
        root.setRowCount(count);
        if (stream.batch(root, count)) {
            return true;
        }
        LOG.info("stream of {} stopped by its client after {} rows", plan.entity().rootField(), delivered);
        return false;
    }

    /** A {@code __typename} column: the same bytes in every row. */
    private record Typename(VarCharVector vector, byte[] name) {
        static List<Typename> of(SelectPlan plan, VectorSchemaRoot root) {
            List<Typename> typenames = new ArrayList<>();
            for (int i = 0; i < plan.columns().size(); i++) {
                OutputColumn column = plan.columns().get(i);
                if (column.isTypename()) {
                    typenames.add(new Typename((VarCharVector) root.getVector(i),
                            column.typename().getBytes(StandardCharsets.UTF_8)));
                }
            }
            return typenames;
        }

        void fill(int rows) {
            for (int row = 0; row < rows; row++) {
                vector.setSafe(row, name);
            }
        }
    }

    /** The rows through JDBC: a server-side cursor fetching a batch at a time, and each relation once per batch. */
    private long jdbcRows(Connection connection, SelectPlan plan, BatchStream stream, QueryGuard guard,
                          BufferAllocator allocator, VectorSchemaRoot root) throws Exception {
        long rows = 0;
        try (PreparedStatement statement = prepare(connection, plan);
             QueryGuard.Registration guarded = guard.guard(statement);
             ResultSet results = statement.executeQuery()) {
            stream.start(root);
            RowWriter writer = RowWriter.forResult(plan.columns(), root.getFieldVectors(),
                    copyReads ? results.getMetaData() : null);
            RelationRowBudget budget = new RelationRowBudget(maxBatchRows);
            RelationLoader relations = new RelationLoader(connection, allocator, batchRows, guard, budget, copyReads);
            List<RelationColumn> relationColumns = relationColumns(plan, results);
            boolean more = true;
            while (more) {
                root.allocateNew();
                relationColumns.forEach(r -> r.keys.clear());
                int count = 0;
                while (count < batchRows && (more = results.next())) {
                    writer.write(results, count);
                    for (RelationColumn relation : relationColumns) {
                        relation.keys.read(results);
                    }
                    count++;
                }
                if (count == 0) {
                    break;
                }
                budget.startBatch(plan.resultKey(), count);
                for (RelationColumn relation : relationColumns) {
                    OutputColumn column = plan.columns().get(relation.index);
                    relations.load(column.relation(), relation.keys, root.getVector(relation.index));
                }
                if (!deliver(stream, root, count, plan, rows)) {
                    break;
                }
                rows += count;
            }
        }
        return rows;
    }

    /**
     * The source's estimate of the rows the plan returns, for GetFlightInfo: the planner's guess, never a count
     * ({@link RowEstimator}); -1 when the source cannot say or asking it failed. What asks runs under {@code guard}.
     *
     * @throws dev.quiver.flight.admission.QueryStoppedException when the guard's query stopped
     */
    public long estimateRows(SelectPlan plan, QueryGuard guard) {
        return estimator.estimate(plan, guard);
    }

    /**
     * At most {@code count} key ranges that together hold the plan's answer, in key order, for endpoints that each
     * read one ({@link SelectPlan#within}); empty when the plan should be read whole: it cannot be split
     * ({@link SelectPlan#splittable}), or the source rules it out ({@link KeyRangeFinder}). What asks runs under
     * {@code guard}.
     *
     * @throws dev.quiver.flight.admission.QueryStoppedException when the guard's query stopped
     */
    public List<KeyRange> keyRanges(SelectPlan plan, int count, QueryGuard guard) {
        return plan.splittable() ? ranges.find(plan.split(), plan.limit(), count, guard) : List.of();
    }

    /** The source's kind, for health reports. */
    public String sourceKind() {
        return database.kind();
    }

    private PreparedStatement prepare(Connection connection, SelectPlan plan) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(plan.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        try {
            statement.setFetchSize(batchRows);
            StatementBinder.bind(statement, 1, plan.parameters());
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static List<RelationColumn> relationColumns(SelectPlan plan, ResultSet results) throws SQLException {
        List<RelationColumn> relations = new ArrayList<>();
        for (int i = 0; i < plan.columns().size(); i++) {
            OutputColumn column = plan.columns().get(i);
            if (column.isRelation()) {
                relations.add(new RelationColumn(i, new KeyColumns(column.relation().parentKeyIndexes(), results.getMetaData())));
            }
        }
        return relations;
    }

    /** A relation column of the root and the keys of the current batch's rows. */
    private static final class RelationColumn {
        final int index;
        final RowKeys keys;

        RelationColumn(int index, KeyColumns keyColumns) {
            this.index = index;
            this.keys = RowKeys.of(keyColumns);
        }
    }
}
