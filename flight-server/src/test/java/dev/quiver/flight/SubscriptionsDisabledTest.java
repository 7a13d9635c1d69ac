package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server without {@code --subscriptions}: subscriptions are described but refused with UNAVAILABLE; queries work. */
@Timeout(60)
class SubscriptionsDisabledTest {
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(10).batchRows(500).build());
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
    void aSubscriptionIsRefusedWithUnavailableNamingTheFlag() {
        Ticket ticket = new Ticket(GraphQLRequest.of("subscription { events { eventId } }").toJson());
        assertThatThrownBy(() -> {
            try (FlightStream stream = client.getStream(ticket)) {
                stream.next();
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("--subscriptions", "--nats-url");
        });
        assertThat(server.subscriptionStats().feed()).isEqualTo("DISABLED");
        assertThat(server.subscriptionStats().liveSubscribers()).isZero();
    }

    @Test
    void anInvalidSubscriptionIsStillAnInvalidArgument() {
        Ticket ticket = new Ticket(GraphQLRequest.of("subscription { events { nope } }").toJson());
        assertThatThrownBy(() -> {
            try (FlightStream stream = client.getStream(ticket)) {
                stream.next();
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class,
                e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT));
    }

    @Test
    void theSubscriptionIsDescribedAndQueriesStillWork() throws Exception {
        FlightInfo info = client.getInfo(FlightDescriptor.command(
                GraphQLRequest.of("subscription { events { eventId } }").toJson()));
        assertThat(info.getRecords()).isEqualTo(-1);
        assertThat(info.getSchema().getFields()).hasSize(1);
        try (FlightStream stream = client.getStream(new Ticket(GraphQLRequest.of("{ orders(limit: 3) { id } }").toJson()))) {
            int rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            assertThat(rows).isEqualTo(3);
        }
    }

    @Test
    void theSdlAndTheSubscriptionsActionDescribeThem() {
        assertThat(action("sdl")).contains("type Subscription", "events(entityType: String, types: [EventType!]):"
                + " ObserverEvent!", "enum EventType", "CREATED", "UPDATED", "DELETED");
        assertThat(action("subscriptions")).contains("\"feed\":\"DISABLED\"", "\"liveSubscribers\":0");
    }

    private static String action(String type) {
        Iterator<Result> results = client.doAction(new Action(type));
        return new String(results.next().getBody(), StandardCharsets.UTF_8);
    }
}
