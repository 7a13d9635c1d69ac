package dev.quiver.resilience.services;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.quiver.testsupport.ClickHouseSettings;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * clickhouse-java client-v2 restricted to what works on both ClickHouse 18.16 and current servers: DDL
 * through {@code execute}, inserts as {@code JSONEachRow}, reads as {@code TabSeparatedWithNamesAndTypes}
 * parsed here ({@code queryAll}/{@code queryRecords} need {@code RowBinaryWithNamesAndTypes}, which 18.16 lacks).
 *
 * <p>Two more 18.16 traps, found here: the client asks for ClickHouse-framed LZ4 responses
 * ({@code ?compress=1}) by default and 18.16 then answers with an empty body, so server compression is off;
 * and the client names the output format in the {@code X-ClickHouse-Format} header, which 18.16 ignores
 * (it answers plain {@code TabSeparated}), so queries also carry an explicit {@code FORMAT} clause. The
 * database travels in {@code X-ClickHouse-Database}, likewise ignored by 18.16: only {@code default} works there.
 */
final class ClickHouseTestClient implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final Client client;

    ClickHouseTestClient(ClickHouseSettings settings) {
        this.client = new Client.Builder()
                .addEndpoint(settings.httpUrl())
                .setUsername(settings.user())
                .setPassword(settings.password())
                .setDefaultDatabase(settings.database())
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(TIMEOUT_SECONDS, ChronoUnit.SECONDS)
                .compressServerResponse(false)
                .build();
    }

    void execute(String sql) throws Exception {
        client.execute(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
    }

    /** Inserts rows given as JSON objects, one per row; returns the rows the server reports written. */
    long insertJsonRows(String table, List<String> jsonRows) throws Exception {
        byte[] body = (String.join("\n", jsonRows) + "\n").getBytes(StandardCharsets.UTF_8);
        try (var response = client.insert(table, new ByteArrayInputStream(body), ClickHouseFormat.JSONEachRow)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return response.getWrittenRows();
        }
    }

    /** The result rows (header lines dropped), each as its column values. {@code sql} has no FORMAT clause. */
    List<List<String>> query(String sql) throws Exception {
        ClickHouseFormat format = ClickHouseFormat.TabSeparatedWithNamesAndTypes;
        QuerySettings settings = new QuerySettings().setFormat(format);
        try (QueryResponse response = client.query(sql + " FORMAT " + format.name(), settings).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
             BufferedReader reader = new BufferedReader(new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<List<String>> rows = new ArrayList<>();
            reader.readLine(); // names
            reader.readLine(); // types
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                List<String> row = new ArrayList<>();
                for (String cell : line.split("\t", -1)) {
                    row.add(unescape(cell));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The single value of a one-row, one-column query. */
    String scalar(String sql) throws Exception {
        List<List<String>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from `" + sql + "` but got " + rows);
        }
        return rows.get(0).get(0);
    }

    private static String unescape(String cell) {
        if (cell.indexOf('\\') < 0) {
            return cell;
        }
        StringBuilder out = new StringBuilder(cell.length());
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '\\' && i + 1 < cell.length()) {
                char next = cell.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
