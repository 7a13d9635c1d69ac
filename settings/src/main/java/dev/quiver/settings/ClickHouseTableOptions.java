package dev.quiver.settings;

import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * Where the events table is: the ClickHouse server, its login, and the table the event-bridge's sink writes and the
 * flight-server's {@code events} history reads (a picocli mixin of both).
 */
public final class ClickHouseTableOptions {
    @Option(names = "--clickhouse-url", defaultValue = "${env:QUIVER_CLICKHOUSE_URL:-http://127.0.0.1:8123}",
            paramLabel = "URL", description = "ClickHouse HTTP interface.")
    private String url;

    @Option(names = "--clickhouse-user", defaultValue = "${env:QUIVER_CLICKHOUSE_USER:-default}", paramLabel = "NAME",
            description = "ClickHouse user.")
    private String user;

    @Option(names = "--clickhouse-password", defaultValue = "${env:QUIVER_CLICKHOUSE_PASSWORD:-}", paramLabel = "SECRET",
            showDefaultValue = Visibility.NEVER, description = "Password of the ClickHouse user (empty: none).")
    private String password;

    @Option(names = "--clickhouse-database", defaultValue = "${env:QUIVER_CLICKHOUSE_DATABASE:-quiver}",
            paramLabel = "NAME", description = "ClickHouse database of the events table.")
    private String database;

    @Option(names = "--clickhouse-table", defaultValue = "${env:QUIVER_CLICKHOUSE_TABLE:-events}", paramLabel = "NAME",
            description = "The events table.")
    private String table;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }
}
