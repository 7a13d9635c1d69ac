package dev.quiver.sinks.clickhouse;

/**
 * Reading events back from ClickHouse failed: the server did not answer, refused the query, has no events table, or
 * its answer broke off. The message says what to check; the cause (when there is one) has the server's words.
 */
public class ClickHouseReadException extends RuntimeException {
    public ClickHouseReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
