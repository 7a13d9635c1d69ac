package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeQuiverServer;
import dev.quiver.client.fake.PartedAnswer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A query asking for several endpoints reads them at once and hands the batches out in endpoint order. */
class ParallelEndpointsTest {
    private FakeQuiverServer server;
    private RootAllocator allocator;
    private QuiverClient client;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.start();
        allocator = new RootAllocator();
        client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.uri()).endpoints(4).build(), allocator);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes left in the parent allocator").isZero();
        allocator.close();
        server.close();
        assertThat(readerThreads()).as("endpoint reader threads left").isEmpty();
    }

    @Test
    void theCommandAsksForTheConfiguredEndpoints() {
        server.producer().answerInParts(new PartedAnswer(2, 1, 1, -1));
        try (QueryResult ignored = client.query("{ users { id } }")) {
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"{ users { id } }\",\"variables\":null,\"operationName\":null,\"endpoints\":4}");
        }
    }

    @Test
    void oneEndpointAskedForSendsTheRequestAsBefore() {
        server.producer().answerInParts(new PartedAnswer(2, 1, 1, -1));
        try (QueryResult ignored = client.query(QueryRequest.of("{ users { id } }"), 1)) {
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"{ users { id } }\",\"variables\":null,\"operationName\":null}");
        }
        assertThatThrownBy(() -> client.query(QueryRequest.of("{ users { id } }"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEndpointsAreReadAtOnceAndTheirBatchesComeInEndpointOrder() {
        PartedAnswer answer = new PartedAnswer(5, 6, 100, -1).holdFirstUntilSecondStarts();
        server.producer().answerInParts(answer);
        List<String> ids = new ArrayList<>();
        try (QueryResult result = client.query("{ users { id } }")) {
            result.forEachBatch(batch -> {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    ids.add(batch.getVector("id").getObject(i).toString());
                }
            });
            assertThat(result.rowsRead()).isEqualTo(3_000);
        }
        assertThat(ids).isEqualTo(answer.ids());
        assertThat(answer.overlapped()).as("the second endpoint was read while the first was open").isTrue();
    }

    @Test
    void aTableHoldsEveryEndpointInOrder() {
        PartedAnswer answer = new PartedAnswer(3, 2, 7, -1);
        server.producer().answerInParts(answer);
        try (Table table = client.queryTable(QueryRequest.of("{ users { id } }"))) {
            List<String> ids = new ArrayList<>();
            table.forEach(row -> ids.add(row.getVarCharObj("id")));
            assertThat(ids).isEqualTo(answer.ids());
        }
    }

    @Test
    void anEndpointsFailureIsThrownWhenItsTurnComesAndNothingLeaks() {
        server.producer().answerInParts(new PartedAnswer(4, 3, 10, 2));
        List<String> ids = new ArrayList<>();
        try (QueryResult result = client.query("{ users { id } }")) {
            assertThatThrownBy(() -> result.forEachBatch(batch -> ids.add(batch.getVector("id").getObject(0).toString())))
                    .isInstanceOfSatisfying(QuiverQueryException.class,
                            e -> assertThat(e.getMessage()).contains("part 2 broke"));
        }
        assertThat(ids).containsExactly("0-0-0", "0-1-0", "0-2-0", "1-0-0", "1-1-0", "1-2-0", "2-0-0");
    }

    @Test
    void closingAfterOneBatchCancelsTheRestAndEndsTheReaders() throws InterruptedException {
        server.producer().answerInParts(new PartedAnswer(4, 50, 1_000, -1));
        try (QueryResult result = client.query("{ users { id } }")) {
            VectorSchemaRoot first = result.iterator().next();
            assertThat(first.getRowCount()).isEqualTo(1_000);
        }
        assertThat(readerThreads()).isEmpty();
    }

    @Test
    void theSchemaComesFromTheFlightInfo() {
        server.producer().answerInParts(new PartedAnswer(2, 1, 1, -1));
        try (QueryResult result = client.query("{ users { id } }")) {
            assertThat(result.schema()).isEqualTo(PartedAnswer.SCHEMA);
            assertThat(result.estimatedRows()).isEqualTo(2);
        }
    }

    /**
     * Reader threads still alive after a grace of 10 s each: a pool reports itself terminated once its tasks have
     * ended, a moment before its threads have exited.
     */
    private static List<String> readerThreads() throws InterruptedException {
        List<Thread> readers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("quiver-endpoints-")).toList();
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        return readers.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
