package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The NATS JSON codec: round trips, and one test per kind of poison message. */
class ObserverEventJsonTest {
    private static final ObserverEvent FULL = new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01", EventType.UPDATED,
            "Order", "1001", Instant.parse("2025-03-01T12:00:00.123456Z"), "user-7", "org-3",
            "{\"id\":1001,\"lines\":[{\"sku\":\"A\",\"qty\":2}],\"note\":\"ü \\\"quoted\\\"\"}");
    private static final ObserverEvent MINIMAL = new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a02",
            EventType.DELETED, "Customer", "c-9", Instant.parse("1999-12-31T23:59:59Z"), null, null, "{}");

    /** A valid message with one field's JSON replaced ({@code null} removes the field). */
    private static String message(String field, String json) {
        String event = "{\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01\",\"event_type\":\"created\","
                + "\"entity_type\":\"Order\",\"entity_id\":\"42\",\"occurred_at\":\"2025-03-01T12:00:00.5Z\","
                + "\"user_id\":\"u-1\",\"org_id\":null,\"data\":{\"id\":42}}";
        String pattern = "\"" + field + "\":(\"[^\"]*\"|null|\\{[^}]*\\})";
        return json == null ? event.replaceFirst("," + pattern, "").replaceFirst(pattern + ",", "")
                : event.replaceFirst(pattern, Matcher.quoteReplacement("\"" + field + "\":" + json));
    }

    @Test
    void eventsRoundTrip() throws Exception {
        assertThat(ObserverEventJson.decode(ObserverEventJson.encode(FULL))).isEqualTo(FULL);
        assertThat(ObserverEventJson.decode(ObserverEventJson.encode(MINIMAL))).isEqualTo(MINIMAL);
    }

    @Test
    void encodedFormHasTheContractFieldsAndDataAsAnObject() {
        String json = new String(ObserverEventJson.encode(MINIMAL), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a02\",\"event_type\":\"deleted\","
                + "\"entity_type\":\"Customer\",\"entity_id\":\"c-9\",\"occurred_at\":\"1999-12-31T23:59:59Z\","
                + "\"user_id\":null,\"org_id\":null,\"data\":{}}");
    }

    @Test
    void aValidMessageDecodes() throws Exception {
        ObserverEvent event = ObserverEventJson.decode(message("org_id", null));

        assertThat(event.eventType()).isEqualTo(EventType.CREATED);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.5Z"));
        assertThat(event.userId()).isEqualTo("u-1");
        assertThat(event.orgId()).isNull();
        assertThat(event.data()).isEqualTo("{\"id\":42}");
    }

    @Test
    void invalidJsonIsPoison() {
        assertPoison("{\"event_id\": ", "invalid JSON");
    }

    @Test
    void anEmptyMessageIsPoison() {
        assertPoison("", "empty message");
    }

    @Test
    void aMessageThatIsNotAnObjectIsPoison() {
        assertPoison("[1,2,3]", "expected a JSON object but got array");
    }

    @Test
    void contentAfterTheObjectIsPoison() {
        assertPoison(message("org_id", "null") + " {}", "invalid JSON");
    }

    @Test
    void aMissingFieldIsPoison() {
        assertPoison(message("entity_id", null), "missing field 'entity_id'");
    }

    @Test
    void aMistypedFieldIsPoison() {
        assertPoison(message("entity_id", "42"), "field 'entity_id' must be a string but is number");
    }

    @Test
    void anUnknownFieldIsPoison() {
        assertPoison(message("org_id", "null").replace("{\"event_id\"", "{\"tenant\":\"t\",\"event_id\""),
                "unknown field 'tenant'");
    }

    @Test
    void aDuplicateFieldIsPoison() {
        assertPoison(message("org_id", "null").replace("{\"event_id\"", "{\"entity_id\":\"7\",\"event_id\""),
                "Duplicate field 'entity_id'");
    }

    @Test
    void aBadEventTypeIsPoison() {
        assertPoison(message("event_type", "\"Created\""), "event_type must be one of created, updated, deleted but was 'Created'");
    }

    @Test
    void aBadUuidIsPoison() {
        assertPoison(message("event_id", "\"order-42\""), "eventId must be a UUID but was 'order-42'");
    }

    @Test
    void aBadTimestampIsPoison() {
        assertPoison(message("occurred_at", "\"2025-02-30 12:00\""),
                "field 'occurred_at' is not an ISO-8601 instant: '2025-02-30 12:00'");
    }

    @Test
    void dataThatIsNotAnObjectIsPoison() {
        assertPoison(message("data", "\"id=42\""), "field 'data' must be a JSON object but is string");
    }

    @Test
    void missingDataIsPoison() {
        assertPoison(message("data", null), "missing field 'data'");
    }

    @Test
    void aMessageOverOneMebibyteIsPoison() throws Exception {
        String filler = "x".repeat(ObserverEventJson.MAX_EVENT_BYTES);
        String tooLarge = message("data", "{\"blob\":\"" + filler + "\"}");
        String justFits = message("data", "{\"blob\":\"" + filler.substring(tooLarge.length() - filler.length()) + "\"}");

        assertThat(justFits.length()).isEqualTo(ObserverEventJson.MAX_EVENT_BYTES);
        assertThat(ObserverEventJson.decode(justFits).data()).hasSizeGreaterThan(1_000_000);
        assertPoison(tooLarge, "exceeds the limit of 1048576 bytes");
    }

    @Test
    void compactDataIsTakenAsWrittenNumbersIncluded() throws Exception {
        String data = "{\"amount\":0.1000000000000000055511151231257827,\"big\":12345678901234567890123,"
                + "\"note\":\"a b\\t\\\"c\\\" \",\"nested\":{\"list\":[1,{\"x\":null}]}}";
        assertThat(ObserverEventJson.decode(withData(data)).data()).isEqualTo(data);
    }

    @Test
    void dataWithWhitespaceBetweenTokensIsStoredCompactWithStringsUntouched() throws Exception {
        String spaced = "{ \"id\" : 42 ,\n\t\"tags\": [ \"a b\", 2 ] ,\r\n \"empty\" : { } }";
        assertThat(ObserverEventJson.decode(withData(spaced)).data())
                .isEqualTo("{\"id\":42,\"tags\":[\"a b\",2],\"empty\":{}}");
    }

    @Test
    void invalidUtf8InsideDataIsPoison() {
        byte[] valid = withData("{\"name\":\"AB\"}").getBytes(StandardCharsets.UTF_8);
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("AB");
        valid[at] = (byte) 0xC3; // a two-byte lead ...
        valid[at + 1] = (byte) 0x28; // ... followed by a byte that cannot continue it
        assertThatThrownBy(() -> ObserverEventJson.decode(valid))
                .isInstanceOfSatisfying(PoisonEventException.class, e -> assertThat(e.reason()).contains("invalid"));
    }

    @Test
    void anOccurredAtOutsideWhatEverySinkHoldsIsPoison() {
        assertPoison(message("occurred_at", "\"+300000-01-01T00:00:00Z\""),
                "occurred_at +300000-01-01T00:00:00Z is outside [1970-01-01T00:00:00Z, 2106-01-01T00:00:00Z)");
        assertPoison(message("occurred_at", "\"-290309-01-01T00:00:00Z\""), "is outside [1970-01-01T00:00:00Z,");
        assertPoison(message("occurred_at", "\"1969-12-31T23:59:59.999999Z\""), "is outside [1970-01-01T00:00:00Z,");
        assertPoison(message("occurred_at", "\"2106-01-01T00:00:00Z\""), "is outside [1970-01-01T00:00:00Z,");
    }

    @Test
    void theEdgesOfTheOccurredAtRangeDecode() throws Exception {
        assertThat(ObserverEventJson.decode(message("occurred_at", "\"1970-01-01T00:00:00Z\"")).occurredAt())
                .isEqualTo(Instant.EPOCH);
        assertThat(ObserverEventJson.decode(message("occurred_at", "\"2105-12-31T23:59:59.999999Z\"")).occurredAt())
                .isEqualTo(Instant.parse("2105-12-31T23:59:59.999999Z"));
    }

    @Test
    void aMessageOverAConfiguredLimitIsPoison() throws Exception {
        byte[] event = message("org_id", null).getBytes(StandardCharsets.UTF_8);

        assertThat(ObserverEventJson.decode(event, event.length).entityId()).isEqualTo("42");
        assertThatThrownBy(() -> ObserverEventJson.decode(event, event.length - 1))
                .isInstanceOfSatisfying(PoisonEventException.class, e -> assertThat(e.reason())
                        .isEqualTo("message of " + event.length + " bytes exceeds the limit of " + (event.length - 1)
                                + " bytes (--max-event-bytes)"));
    }

    @Test
    void invalidUtf8AnywhereIsPoison() {
        byte[][] invalid = {
                {(byte) 0xC0, (byte) 0xAF}, // an over-long '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
                {(byte) 0xFF}, // never valid
                {(byte) 0xE2, (byte) 0x82}, // cut short
        };
        for (byte[] bad : invalid) {
            for (String field : new String[] {"entity_type", "data"}) {
                byte[] message = withBytes(field, bad);
                assertThatThrownBy(() -> ObserverEventJson.decode(message))
                        .as("%s with %s", field, java.util.HexFormat.of().formatHex(bad))
                        .isInstanceOfSatisfying(PoisonEventException.class,
                                e -> assertThat(e.reason()).contains("UTF-8"));
            }
        }
    }

    @Test
    void anUnpairedSurrogateEscapeInAFieldIsPoison() {
        assertPoison(message("entity_type", "\"Order\\ud800\""), "field 'entity_type' holds an unpaired surrogate");
        assertPoison(message("entity_id", "\"\\udc00\\ud800\""), "field 'entity_id' holds an unpaired surrogate");
    }

    /** A valid message with {@code bad} bytes inside the string value of {@code field} (or of data's "name"). */
    private static byte[] withBytes(String field, byte[] bad) {
        String marker = "@@";
        String text = field.equals("data") ? withData("{\"name\":\"A" + marker + "B\"}")
                : message(field, "\"A" + marker + "B\"");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        byte[] out = new byte[bytes.length - marker.length() + bad.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(bytes, at + marker.length(), out, at + bad.length, bytes.length - at - marker.length());
        return out;
    }

    @Test
    void aDuplicateKeyInsideDataIsPoison() {
        assertPoison(withData("{\"a\":{\"b\":1,\"b\":2}}"), "invalid JSON");
    }

    @Test
    void encodingWritesDataCompactAndRefusesDataThatIsNotJson() throws Exception {
        ObserverEvent spaced = new ObserverEvent(MINIMAL.eventId(), MINIMAL.eventType(), MINIMAL.entityType(),
                MINIMAL.entityId(), MINIMAL.occurredAt(), null, null, "{ \"id\" : [ 1 , 2 ] }");
        assertThat(new String(ObserverEventJson.encode(spaced), StandardCharsets.UTF_8))
                .endsWith("\"data\":{\"id\":[1,2]}}");
        ObserverEvent broken = new ObserverEvent(MINIMAL.eventId(), MINIMAL.eventType(), MINIMAL.entityType(),
                MINIMAL.entityId(), MINIMAL.occurredAt(), null, null, "{\"id\":");
        assertThatThrownBy(() -> ObserverEventJson.encode(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
    }

    /** A valid message whose data is {@code data} (any JSON object text). */
    private static String withData(String data) {
        return "{\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01\",\"event_type\":\"created\","
                + "\"entity_type\":\"Order\",\"entity_id\":\"42\",\"occurred_at\":\"2025-03-01T12:00:00.5Z\","
                + "\"user_id\":null,\"org_id\":null,\"data\":" + data + "}";
    }

    private static void assertPoison(String message, String reason) {
        assertThatThrownBy(() -> ObserverEventJson.decode(message))
                .isInstanceOfSatisfying(PoisonEventException.class, e -> assertThat(e.reason()).contains(reason));
    }
}
