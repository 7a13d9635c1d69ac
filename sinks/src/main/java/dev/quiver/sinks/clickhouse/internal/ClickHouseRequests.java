package dev.quiver.sinks.clickhouse.internal;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The requests Quiver sends to ClickHouse, over clickhouse-java client-v2, in forms that both 18.16 and current
 * servers accept:
 * <ul>
 *   <li>server response compression is off (18.16 answers {@code compress=1} requests with an empty body);</li>
 *   <li>every query names its output format in the SQL text ({@code FORMAT TabSeparated}): 18.16 ignores the
 *       {@code X-ClickHouse-Format} header and has no {@code RowBinaryWithNamesAndTypes};</li>
 *   <li>the session database stays {@code default} and SQL qualifies table names (18.16 ignores
 *       {@code X-ClickHouse-Database}; a current server refuses a missing session database);</li>
 *   <li>the client does not retry by itself: retrying is the caller's decision.</li>
 * </ul>
 * Failures surface as the client's runtime exceptions or as {@link java.util.concurrent.ExecutionException} /
 * {@link java.util.concurrent.TimeoutException}; {@link ClickHouseErrors} classifies them.
 */
public final class ClickHouseRequests implements AutoCloseable {
    private final Client client;
    private final long waitMillis;

    public ClickHouseRequests(ClickHouseSinkConfig config) {
        this.client = new Client.Builder()
                .addEndpoint(config.endpoint().toString())
                .setUsername(config.user())
                .setPassword(config.password())
                .setDefaultDatabase("default")
                .setConnectTimeout(config.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(config.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setMaxRetries(0)
                .build();
        // a safety net above the client's own timeouts, so no call can hang forever
        this.waitMillis = config.connectTimeout().plus(config.socketTimeout()).plus(Duration.ofSeconds(5)).toMillis();
    }

    /** Runs a statement without a result (DDL). */
    public void execute(String sql) throws Exception {
        client.execute(sql).get(waitMillis, TimeUnit.MILLISECONDS).close();
    }

    /** The result rows of {@code sql} (which has no FORMAT clause), each as its unescaped column values. */
    public List<List<String>> rows(String sql) throws Exception {
        ClickHouseFormat format = ClickHouseFormat.TabSeparated;
        CompletableFuture<QueryResponse> future = client.query(sql + " FORMAT " + format.name(),
                new QuerySettings().setFormat(format));
        try (QueryResponse response = future.get(waitMillis, TimeUnit.MILLISECONDS);
             BufferedReader reader = new BufferedReader(new InputStreamReader(response.getInputStream(),
                     StandardCharsets.UTF_8))) {
            List<List<String>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(TabSeparated.row(line));
            }
            return rows;
        }
    }

    /**
     * Runs {@code sql} (which names its own FORMAT) as query {@code queryId} with {@code serverSettings}, and hands
     * back the answer while it is still arriving; the caller reads and closes it.
     */
    public QueryResponse stream(String sql, String queryId, Map<String, String> serverSettings) throws Exception {
        QuerySettings settings = new QuerySettings().setQueryId(queryId);
        serverSettings.forEach(settings::serverSetting);
        return client.query(sql, settings).get(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends a statement without a result and returns at once; the future ends when the server has answered. */
    public CompletableFuture<Void> executeAsync(String sql) {
        return client.execute(sql).thenAccept(response -> {
            try {
                response.close();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The single value of a one-row, one-column query. */
    public String scalar(String sql) throws Exception {
        List<List<String>> rows = rows(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from `" + sql + "` but got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** Streams rows in {@code format} into {@code columns} of {@code qualifiedTable}. */
    public void insert(String qualifiedTable, List<String> columns, DataStreamWriter rows, ClickHouseFormat format)
            throws Exception {
        client.insert(qualifiedTable, columns, rows, format, new InsertSettings())
                .get(waitMillis, TimeUnit.MILLISECONDS).close();
    }

    /** Whether the server answers {@code SELECT 1} within {@code timeout}. */
    public boolean ping(Duration timeout) {
        return client.ping(timeout.toMillis());
    }

    @Override
    public void close() {
        client.close();
    }
}
