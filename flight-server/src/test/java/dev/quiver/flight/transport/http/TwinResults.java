package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.flight.request.GraphQLRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs one GraphQL request over both transports and brings each answer to the same plain Java values
 * (String, Long, Double, Boolean, BigDecimal at the column's scale, Instant, LocalDate, Map, List), each read
 * its own way: Flight through Arrow's getters, HTTP by parsing the JSON text as the Arrow type says it must
 * look (a decimal must be a JSON number, a timestamp an ISO instant ending in Z, ...).
 */
final class TwinResults {
    private TwinResults() {
    }

    /** The answer of one transport: its column names in order and its rows. */
    record Answer(Schema schema, List<Map<String, Object>> rows) {
    }

    static Answer overFlight(FlightClient flight, GraphQLRequest request) throws Exception {
        try (FlightStream stream = flight.getStream(new Ticket(request.toJson()))) {
            return read(stream);
        }
    }

    /** A mutation the way Flight clients send it: one DoExchange whose command descriptor is the request JSON. */
    static Answer overFlightExchange(FlightClient flight, GraphQLRequest request, CallOption... options) throws Exception {
        try (FlightClient.ExchangeReaderWriter exchange = flight.doExchange(FlightDescriptor.command(request.toJson()),
                options)) {
            exchange.getWriter().completed();
            return read(exchange.getReader());
        }
    }

    /** Reads every batch of {@code stream} until it ends. */
    static Answer read(FlightStream stream) {
        return read(stream, Integer.MAX_VALUE);
    }

    /** Reads batches of {@code stream} until it ends or at least {@code rows} rows have come (a live stream). */
    static Answer read(FlightStream stream, int rows) {
        List<Map<String, Object>> values = new ArrayList<>();
        VectorSchemaRoot root = stream.getRoot();
        while (values.size() < rows && stream.next()) {
            values.addAll(rowsOf(root));
        }
        return new Answer(root.getSchema(), values);
    }

    static List<Map<String, Object>> rowsOf(VectorSchemaRoot root) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int row = 0; row < root.getRowCount(); row++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (FieldVector vector : root.getFieldVectors()) {
                values.put(vector.getName(), arrowValue(vector, row));
            }
            rows.add(values);
        }
        return rows;
    }

    /** Reads {@code {"data":{"<resultKey>":[...]}}} against the schema Flight announced for the same request. */
    static Answer overHttp(HttpTestClient http, GraphQLRequest request, String resultKey, Schema schema) throws Exception {
        HttpTestClient.Response response = http.postGraphQL(new String(request.toJson(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(response.json().has("errors")).as(response.body()).isFalse();
        assertThat(iterable(data.fieldNames())).containsExactly(resultKey);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode object : data.get(resultKey)) {
            rows.add(jsonRow(schema, object));
        }
        return new Answer(schema, rows);
    }

    /** Reads a mutation's {@code {"data":{"<resultKey>":{...}}}} (one object) against Flight's schema for it. */
    static Answer mutationOverHttp(HttpTestClient http, GraphQLRequest request, String resultKey, Schema schema) {
        HttpTestClient.Response response = http.postGraphQL(new String(request.toJson(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().has("errors")).as(response.body()).isFalse();
        JsonNode data = response.json().path("data");
        assertThat(iterable(data.fieldNames())).containsExactly(resultKey);
        assertThat(data.get(resultKey).isObject()).as(response.body()).isTrue();
        return new Answer(schema, List.of(jsonRow(schema, data.get(resultKey))));
    }

    /**
     * Reads {@code count} {@code next} events of a subscription's event stream, each
     * {@code {"data":{"<resultKey>":{...}}}}, against the schema Flight announced for the same subscription.
     */
    static Answer overEventStream(EventStreamClient events, String resultKey, Schema schema, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rows.size() < count) {
            EventStreamClient.Event event = events.next();
            assertThat(event).as("event %d of %d", rows.size() + 1, count).isNotNull();
            assertThat(event.name()).as(event.data()).isEqualTo("next");
            JsonNode result = event.json();
            assertThat(iterable(result.fieldNames())).as(event.data()).containsExactly("data");
            assertThat(iterable(result.get("data").fieldNames())).containsExactly(resultKey);
            rows.add(jsonRow(schema, result.get("data").get(resultKey)));
        }
        return new Answer(schema, rows);
    }

    /** One JSON object as a row: its keys must be the schema's fields, in order; each value is read by its type. */
    static Map<String, Object> jsonRow(Schema schema, JsonNode object) {
        List<String> names = schema.getFields().stream().map(Field::getName).toList();
        if (!iterable(object.fieldNames()).equals(names)) {
            throw new AssertionError("keys not in schema order " + names + ": " + object);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : schema.getFields()) {
            values.put(field.getName(), jsonValue(field, object.get(field.getName())));
        }
        return values;
    }

    /** Asserts both transports answer the request with the same rows, value for value, in the same order. */
    static List<Map<String, Object>> assertSame(FlightClient flight, HttpTestClient http, GraphQLRequest request,
                                                String resultKey) throws Exception {
        Answer arrow = overFlight(flight, request);
        Answer json = overHttp(http, request, resultKey, arrow.schema());
        assertThat(json.rows()).as("HTTP rows of %s", request.query()).hasSameSizeAs(arrow.rows());
        for (int i = 0; i < arrow.rows().size(); i++) {
            assertThat(json.rows().get(i)).as("row %d of %s", i, request.query()).isEqualTo(arrow.rows().get(i));
        }
        return arrow.rows();
    }

    static Object arrowValue(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        ArrowType type = vector.getField().getType();
        switch (type.getTypeID()) {
            case Utf8:
                return vector.getObject(index).toString();
            case Int:
                return ((Number) vector.getObject(index)).longValue();
            case FloatingPoint:
                return ((Number) vector.getObject(index)).doubleValue();
            case Bool:
                return vector.getObject(index);
            case Decimal:
                return vector.getObject(index);
            case Timestamp: {
                long value = ((TimeStampVector) vector).get(index);
                if (((ArrowType.Timestamp) type).getUnit() != TimeUnit.MICROSECOND) {
                    throw new AssertionError(vector.getName() + " is not in microseconds: " + type);
                }
                return Instant.EPOCH.plus(value, java.time.temporal.ChronoUnit.MICROS);
            }
            case Date:
                return LocalDate.ofEpochDay(((DateDayVector) vector).get(index));
            case Struct: {
                Map<String, Object> values = new LinkedHashMap<>();
                for (FieldVector child : ((StructVector) vector).getChildrenFromFields()) {
                    values.put(child.getName(), arrowValue(child, index));
                }
                return values;
            }
            case List: {
                ListVector list = (ListVector) vector;
                List<Object> values = new ArrayList<>();
                for (int i = list.getElementStartIndex(index); i < list.getElementEndIndex(index); i++) {
                    values.add(arrowValue(list.getDataVector(), i));
                }
                return values;
            }
            default:
                throw new AssertionError("the twin test does not know Arrow type " + type);
        }
    }

    static Object jsonValue(Field field, JsonNode node) {
        require(node != null, field, node, "is present");
        if (node.isNull()) {
            return null;
        }
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Utf8:
                require(node.isTextual(), field, node, "is a JSON string");
                return node.textValue();
            case Int:
                require(node.isIntegralNumber(), field, node, "is a JSON integer");
                return node.bigIntegerValue().longValueExact();
            case FloatingPoint:
                if (node.isTextual()) {
                    return Double.parseDouble(node.textValue()); // NaN and the infinities have no JSON number
                }
                require(node.isNumber(), field, node, "is a JSON number");
                return node.doubleValue();
            case Bool:
                require(node.isBoolean(), field, node, "is a JSON boolean");
                return node.booleanValue();
            case Decimal: {
                require(node.isNumber(), field, node, "is a JSON number");
                int scale = ((ArrowType.Decimal) type).getScale();
                BigDecimal value = node.decimalValue();
                return value.setScale(scale, RoundingMode.UNNECESSARY);
            }
            case Timestamp:
                require(node.isTextual() && node.textValue().endsWith("Z"), field, node, "is an ISO instant in UTC");
                return Instant.parse(node.textValue());
            case Date:
                require(node.isTextual() && node.textValue().matches("\\d{4}-\\d{2}-\\d{2}"), field, node, "is YYYY-MM-DD");
                return LocalDate.parse(node.textValue());
            case Struct: {
                Map<String, Object> values = new LinkedHashMap<>();
                for (Field child : field.getChildren()) {
                    values.put(child.getName(), jsonValue(child, node.get(child.getName())));
                }
                return values;
            }
            case List: {
                require(node.isArray(), field, node, "is a JSON array");
                List<Object> values = new ArrayList<>();
                node.forEach(element -> values.add(jsonValue(field.getChildren().get(0), element)));
                return values;
            }
            default:
                throw new AssertionError("the twin test does not know Arrow type " + type);
        }
    }

    private static void require(boolean holds, Field field, JsonNode node, String what) {
        if (!holds) {
            throw new AssertionError(field.getName() + " = " + node + " " + what + " (Arrow type " + field.getType() + ")");
        }
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
