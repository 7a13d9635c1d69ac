package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeQuiverServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
    private FakeQuiverServer server;
    private QuiverClient client;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.start();
        client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.uri()).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
    }

    @Test
    void invalidArgumentBecomesAnInvalidQueryWithTheServersMessage() {
        server.producer().failFlightInfo(CallStatus.INVALID_ARGUMENT
                .withDescription("Field 'nme' in type 'User' is undefined (did you mean 'name'?)"));
        assertThatThrownBy(() -> client.query("{ users { nme } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
                    assertThat(e.server()).isEqualTo(server.uri());
                })
                .hasMessage("Field 'nme' in type 'User' is undefined (did you mean 'name'?)");
    }

    @Test
    void resourceExhaustedInTheMiddleOfAStreamIsRaisedWhileReading() {
        server.producer().failStream(CallStatus.RESOURCE_EXHAUSTED.withDescription("result exceeds 2 rows"));
        try (QueryResult result = client.query("{ users { id } }")) {
            Iterator<VectorSchemaRoot> batches = result.iterator();
            assertThat(batches.hasNext()).isTrue();
            assertThat(batches.next().getRowCount()).isEqualTo(2);
            assertThatThrownBy(batches::hasNext)
                    .isInstanceOfSatisfying(QuiverQueryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
                        assertThat(e.isRetryable()).isTrue();
                    })
                    .hasMessage("result exceeds 2 rows");
        }
    }

    @Test
    void unavailableAndInternalKeepTheirMessages() {
        server.producer().failFlightInfo(CallStatus.UNAVAILABLE.withDescription("PostgreSQL is not reachable"));
        assertThatThrownBy(() -> client.query("{ users { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("PostgreSQL is not reachable");

        server.producer().failFlightInfo(CallStatus.INTERNAL.withDescription("internal error; see server log"));
        assertThatThrownBy(() -> client.query("{ users { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("internal error; see server log");
    }

    @Test
    void aServerThatIsNotThereIsUnavailableAndSaysWhere() throws IOException {
        URI nowhere = URI.create("grpc://127.0.0.1:" + freePort());
        try (QuiverClient lost = QuiverClient.connect(QuiverClientConfig.builder().uri(nowhere)
                .callTimeout(Duration.ofSeconds(10)).build())) {
            assertThatThrownBy(lost::health)
                    .isInstanceOfSatisfying(QuiverQueryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.server()).isEqualTo(nowhere);
                    })
                    .hasMessageStartingWith("server not reachable at " + nowhere);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
