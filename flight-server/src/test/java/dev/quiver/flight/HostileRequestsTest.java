package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security review's hostile GraphQL requests (H1 huge numbers, H2 aliases, H3 depth through fragments, long
 * {@code in} lists, deep {@code where} nesting), each sent to a running server over Flight (DoGet, and GetSchema,
 * which takes no stream slot) and over HTTP: each gets a clear error with the right status on both transports, and
 * a canary query on the same server answers correctly right after. The server runs with its default limits.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileRequestsTest {
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One hostile request, the status both transports must answer, and a word the error must contain. */
    record Hostile(String name, GraphQLRequest request, FlightStatusCode code, int httpStatus, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Hostile> requests() {
        StringBuilder fragments = new StringBuilder("query { users(limit: 1) { ...A } }");
        for (char f = 'A'; f < 'J'; f++) {
            fragments.append(" fragment ").append(f).append(" on User { referrer { ...").append((char) (f + 1)).append(" } }");
        }
        fragments.append(" fragment J on User { referrer { id } }");
        Object where = Map.of("status", Map.of("eq", "x"));
        for (int i = 0; i < 200; i++) {
            where = Map.of("not", where);
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(i);
        }
        return Stream.of(
                new Hostile("H1 BigInt literal 1e300000000",
                        GraphQLRequest.of("{ products(where: {barcode: {eq: 1e300000000}}) { id } }"),
                        FlightStatusCode.INVALID_ARGUMENT, 400, "BigInt"),
                new Hostile("H1 BigInt variable of 1.5M digits",
                        new GraphQLRequest("query($b: BigInt) { products(where: {barcode: {eq: $b}}) { id } }",
                                Map.of("b", "9".repeat(1_500_000)), null),
                        FlightStatusCode.INVALID_ARGUMENT, 400, "BigInt"),
                new Hostile("H1 Int variable 1e300000000",
                        new GraphQLRequest("query($n: Int) { orders(limit: $n) { id } }",
                                Map.of("n", new BigDecimal("1e300000000")), null),
                        FlightStatusCode.INVALID_ARGUMENT, 400, "Int"),
                new Hostile("H1 Decimal literal 1e300000000",
                        GraphQLRequest.of("{ orders(where: {total: {eq: 1e300000000}}) { id } }"),
                        FlightStatusCode.INVALID_ARGUMENT, 400, "Decimal"),
                new Hostile("H3 depth 12 through fragments", GraphQLRequest.of(fragments.toString()),
                        FlightStatusCode.RESOURCE_EXHAUSTED, 413, "nests selections 12 levels deep"),
                new Hostile("H2 4,800 aliases", GraphQLRequest.of("{ orders(limit: 1) { " + IntStream.range(0, 4_800)
                        .mapToObj(i -> "a" + i + ":total").collect(Collectors.joining(" ")) + " } }"),
                        FlightStatusCode.RESOURCE_EXHAUSTED, 413, "output columns"),
                new Hostile("in list of 5,000", new GraphQLRequest(
                        "query($ids: [ID!]) { orders(where: {id: {in: $ids}}) { id } }", Map.of("ids", ids), null),
                        FlightStatusCode.RESOURCE_EXHAUSTED, 413, "5000 values"),
                new Hostile("where nested 200 deep", new GraphQLRequest(
                        "query($w: OrderWhere) { orders(where: $w) { id } }", Map.of("w", where), null),
                        FlightStatusCode.RESOURCE_EXHAUSTED, 413, "nests input objects"));
    }

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(50).batchRows(100).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        allocator.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void isRefusedOverFlightThenTheCanaryAnswers(Hostile hostile) throws Exception {
        byte[] json = hostile.request().toJson();
        assertThatThrownBy(() -> rows(new Ticket(json))).as("DoGet")
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(hostile.code());
                    assertThat(e.getMessage()).contains(hostile.says()).hasSizeLessThan(2_000);
                });
        assertThatThrownBy(() -> client.getSchema(FlightDescriptor.command(json))).as("GetSchema (no stream slot)")
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> assertThat(e.status().code())
                        .isEqualTo(hostile.code()));
        assertCanaryAnswers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void isRefusedOverHttpThenTheCanaryAnswers(Hostile hostile) throws Exception {
        HttpResponse<String> answer = post(hostile.request());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(hostile.httpStatus());
        assertThat(answer.body()).contains(hostile.says()).hasSizeLessThan(2_000);
        assertCanaryAnswers();
    }

    /** An ordinary query keeps answering, with the right rows, on both transports. */
    private static void assertCanaryAnswers() throws Exception {
        GraphQLRequest canary = GraphQLRequest.of("{ orders(limit: 3, orderBy: [{id: ASC}]) { id } }");
        assertThat(rows(new Ticket(canary.toJson()))).isEqualTo(3);
        HttpResponse<String> answer = post(canary);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"id\"");
    }

    private static HttpResponse<String> post(GraphQLRequest request) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toJson())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long rows(Ticket ticket) throws Exception {
        long rows = 0;
        try (FlightStream stream = client.getStream(ticket)) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }
}
