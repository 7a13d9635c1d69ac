package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.FlightMutation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of request, on both transports, is decoded once per call and parsed once per text: a GetFlightInfo and
 * the DoGet of its ticket decode two request bodies and parse the GraphQL text once between them (the second finds
 * it in the one document cache). Read off the server's own counters ({@code quiver_requests_decoded_total},
 * {@code quiver_graphql_documents_parsed_total}); each test sends a text no other test sends.
 */
@Timeout(120)
class OneRequestPathTest {
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    @Test
    void aTableQueryOverFlightIsDecodedOncePerCallAndParsedOnce() throws Exception {
        GraphQLRequest request = GraphQLRequest.of("{ orders(limit: 3) { " + unique() + ": id status } }");
        Counts before = Counts.now();
        FlightInfo info = client.getInfo(FlightDescriptor.command(request.toJson()));
        assertThat(rows(info.getEndpoints().get(0).getTicket())).isEqualTo(3);
        assertThat(Counts.now().minus(before)).isEqualTo(new Counts(2, 1));
    }

    @Test
    void anEventsQueryIsDecodedOncePerCallAndParsedOnceEvenWhenItCannotRun() {
        GraphQLRequest request = GraphQLRequest.of("{ events(entityType: \"Order\", from: \"2026-01-01T00:00:00Z\","
                + " to: \"2026-01-02T00:00:00Z\") { " + unique() + ": eventId } }");
        Counts before = Counts.now();
        FlightInfo info = client.getInfo(FlightDescriptor.command(request.toJson()));
        assertThat(info.getRecords()).as("history cannot estimate").isEqualTo(-1);
        assertThatThrownBy(() -> rows(info.getEndpoints().get(0).getTicket()))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> assertThat(e.status().code())
                        .as("no ClickHouse configured").isEqualTo(FlightStatusCode.UNAVAILABLE));
        assertThat(Counts.now().minus(before)).isEqualTo(new Counts(2, 1));
    }

    @Test
    void aMutationIsOneExchangeOneDecodeOneParse() throws Exception {
        Counts before = Counts.now();
        assertThat(FlightMutation.run(client, "mutation { updateOrderStatus(id: \"2\", status: \"once\") { "
                + unique() + ": id } }")).hasSize(1);
        assertThat(Counts.now().minus(before)).isEqualTo(new Counts(1, 1));
    }

    @Test
    void aSubscriptionIsDecodedAndParsedOnceBeforeItIsRefusedForWantOfNats() {
        GraphQLRequest request = GraphQLRequest.of("subscription { events { " + unique() + ": eventId } }");
        Counts before = Counts.now();
        assertThatThrownBy(() -> rows(new Ticket(request.toJson())))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> assertThat(e.status().code())
                        .isEqualTo(FlightStatusCode.UNAVAILABLE));
        assertThat(Counts.now().minus(before)).isEqualTo(new Counts(1, 1));
    }

    @Test
    void httpTakesTheSamePathAndTheSameCache() throws Exception {
        String query = "{ orders(limit: 2) { " + unique() + ": id } }";
        Counts before = Counts.now();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/graphql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(GraphQLRequest.of(query).toJson())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        client.getSchema(FlightDescriptor.command(GraphQLRequest.of(query).toJson()));
        assertThat(Counts.now().minus(before)).as("two HTTP requests and a GetSchema: three decodes, one parse")
                .isEqualTo(new Counts(3, 1));
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

    private static String unique() {
        return "k" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The server's two request-path counters. */
    private record Counts(long decoded, long parsed) {
        static Counts now() {
            var registry = server.metrics().registry();
            return new Counts((long) registry.get("quiver.requests.decoded").functionCounter().count(),
                    (long) registry.get("quiver.graphql.documents.parsed").functionCounter().count());
        }

        Counts minus(Counts earlier) {
            return new Counts(decoded - earlier.decoded, parsed - earlier.parsed);
        }
    }
}
