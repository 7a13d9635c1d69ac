package dev.quiver.sinks.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.data.ClickHouseFormat;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RowBinary and JSONEachRow encoders, byte for byte. */
class EncodersTest {
    private static final String ID = "00000000-0000-0001-0000-000000000002";
    /** 1.5 µs after 2025-03-01T12:00:00Z: 1740830400 s. */
    private static final ObserverEvent EVENT = new ObserverEvent(ID, EventType.UPDATED, "Order", "42",
            Instant.parse("2025-03-01T12:00:00.000001Z"), null, "o", "{}");

    @Test
    void rowBinaryForTheLegacyLayout() throws IOException {
        EventRowsEncoder encoder = EventRowsEncoder.of(InsertFormat.ROW_BINARY, EventTableLayout.LEGACY_DATETIME);

        assertThat(encoder.format()).isEqualTo(ClickHouseFormat.RowBinary);
        assertThat(hex(encoder, EVENT)).isEqualTo(
                "24" + hexText(ID)                  // String: LEB128 length 36, bytes
                        + "02"                      // Enum8 updated = 2
                        + "05" + hexText("Order")
                        + "02" + hexText("42")
                        + "c0f6c267"                // DateTime: UInt32 1740830400 little-endian
                        + "01309ba9462f0600"        // Int64 µs 1740830400000001 little-endian
                        + "01"                      // user_id NULL
                        + "00" + "01" + hexText("o") // org_id present, "o"
                        + "02" + hexText("{}"));
    }

    @Test
    void rowBinaryForTheDateTime64Layout() throws IOException {
        String hex = hex(EventRowsEncoder.of(InsertFormat.ROW_BINARY, EventTableLayout.DATETIME64), EVENT);

        assertThat(hex).contains("02" + hexText("42") + "01309ba9462f0600" + "01" + "00");
        assertThat(hex).doesNotContain("c0f6c267");
    }

    @Test
    void rowBinaryLengthsAreLeb128AndInstantsBeforeTheEpochNegative() throws IOException {
        String data = "{\"x\":\"" + "y".repeat(200) + "\"}"; // 208 bytes: 0xd0 0x01
        ObserverEvent event = new ObserverEvent(ID, EventType.CREATED, "O", "1", Instant.parse("1969-12-31T23:59:59Z"),
                null, null, data);

        String hex = hex(EventRowsEncoder.of(InsertFormat.ROW_BINARY, EventTableLayout.DATETIME64), event);

        assertThat(hex).endsWith("0101" + "d001" + hexText(data));
        assertThat(hex).contains("c0bdf0ffffffffff"); // -1000000 µs
    }

    @Test
    void jsonEachRowWritesOneObjectPerLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventRowsEncoder legacy = EventRowsEncoder.of(InsertFormat.JSON_EACH_ROW, EventTableLayout.LEGACY_DATETIME);
        legacy.write(List.of(new Row(0, EVENT), new Row(1, EVENT)), out);

        String line = "{\"event_id\":\"" + ID + "\",\"event_type\":\"updated\",\"entity_type\":\"Order\",\"entity_id\":\"42\","
                + "\"occurred_at\":\"2025-03-01 12:00:00\",\"occurred_at_us\":1740830400000001,\"user_id\":null,"
                + "\"org_id\":\"o\",\"data\":\"{}\"}";
        assertThat(legacy.format()).isEqualTo(ClickHouseFormat.JSONEachRow);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(line + "\n" + line + "\n");

        out.reset();
        EventRowsEncoder.of(InsertFormat.JSON_EACH_ROW, EventTableLayout.DATETIME64).write(List.of(new Row(0, EVENT)), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"occurred_at\":\"2025-03-01 12:00:00.000001\",\"user_id\"");
    }

    private static String hex(EventRowsEncoder encoder, ObserverEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.write(List.of(new Row(0, event)), out);
        return HexFormat.of().formatHex(out.toByteArray());
    }

    private static String hexText(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
