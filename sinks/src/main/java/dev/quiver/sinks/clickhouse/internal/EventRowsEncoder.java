package dev.quiver.sinks.clickhouse.internal;

import com.clickhouse.data.ClickHouseFormat;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/** Writes events as the body of an {@code INSERT INTO table (layout columns) FORMAT ...}. */
public interface EventRowsEncoder {

    /** The ClickHouse format this encoder writes. */
    ClickHouseFormat format();

    /** Writes {@code rows} in the column order of the layout; does not close {@code out}. */
    void write(List<Row> rows, OutputStream out) throws IOException;

    /** The encoder for {@code format} and {@code layout}. */
    static EventRowsEncoder of(InsertFormat format, EventTableLayout layout) {
        return switch (format) {
            case ROW_BINARY -> new RowBinaryEncoder(layout);
            case JSON_EACH_ROW -> new JsonEachRowEncoder(layout);
        };
    }

    /** Microseconds since the epoch (negative before 1970). */
    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
