package dev.quiver.sinks.clickhouse.internal;

import com.clickhouse.data.ClickHouseFormat;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code RowBinary}: per row, each column in the layout's order, in ClickHouse's little-endian binary form:
 * {@code String} as a LEB128 length and UTF-8 bytes, {@code Enum8} as its Int8 code, {@code DateTime} as UInt32
 * seconds, {@code DateTime64(6)} and {@code Int64} as Int64 microseconds, {@code Nullable(T)} as a 0/1 null flag
 * followed by the value when present.
 */
final class RowBinaryEncoder implements EventRowsEncoder {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final EventTableLayout layout;

    RowBinaryEncoder(EventTableLayout layout) {
        this.layout = layout;
    }

    @Override
    public ClickHouseFormat format() {
        return ClickHouseFormat.RowBinary;
    }

    @Override
    public void write(List<Row> rows, OutputStream out) throws IOException {
        Output output = new Output(out);
        for (Row row : rows) {
            ObserverEvent event = row.event();
            long micros = EventRowsEncoder.epochMicros(event.occurredAt());
            output.string(event.eventId());
            output.int8(enumCode(event.eventType()));
            output.string(event.entityType());
            output.string(event.entityId());
            if (layout == EventTableLayout.LEGACY_DATETIME) {
                output.int32((int) Math.floorDiv(micros, 1_000_000L));
                output.int64(micros);
            } else {
                output.int64(micros);
            }
            output.nullableString(event.userId());
            output.nullableString(event.orgId());
            output.string(event.data());
        }
        output.flush();
    }

    /** The code of the {@code Enum8} in {@link EventTableLayout#EVENT_TYPE_ENUM}. */
    static int enumCode(EventType type) {
        return switch (type) {
            case CREATED -> 1;
            case UPDATED -> 2;
            case DELETED -> 3;
        };
    }

    /** A little-endian writer with its own buffer (no per-byte stream calls). */
    private static final class Output {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;

        Output(OutputStream out) {
            this.out = out;
        }

        void string(String value) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varUInt(bytes.length);
            bytes(bytes);
        }

        void nullableString(String value) throws IOException {
            if (value == null) {
                int8(1);
            } else {
                int8(0);
                string(value);
            }
        }

        void int8(int value) throws IOException {
            ensure(1);
            buffer[position++] = (byte) value;
        }

        void int32(int value) throws IOException {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buffer[position++] = (byte) (value >>> (8 * i));
            }
        }

        void int64(long value) throws IOException {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[position++] = (byte) (value >>> (8 * i));
            }
        }

        void varUInt(long value) throws IOException {
            ensure(10);
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            buffer[position++] = (byte) rest;
        }

        void bytes(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - position) {
                flush();
                if (bytes.length > buffer.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }

        void flush() throws IOException {
            out.write(buffer, 0, position);
            position = 0;
        }

        private void ensure(int bytes) throws IOException {
            if (buffer.length - position < bytes) {
                flush();
            }
        }
    }
}
