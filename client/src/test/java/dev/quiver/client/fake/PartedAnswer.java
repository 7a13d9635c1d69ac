package dev.quiver.client.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An answer split over several endpoints, as the server splits a query by key range: endpoint {@code p} (ticket
 * {@code part-p}) streams {@code batches} batches of {@code rowsPerBatch} rows with ids {@code p-b-r}. With
 * {@link #holdFirstUntilSecondStarts()} the first endpoint holds its last batch back until the second endpoint's
 * stream has started, so a client that read the endpoints one after another would see the first wait (up to
 * {@link #WAIT_SECONDS} s) and {@link #overlapped()} false. One endpoint may be set to fail after its first batch.
 */
public final class PartedAnswer {
    public static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", ArrowType.Utf8.INSTANCE), Field.nullable("part", new ArrowType.Int(32, true))));
    static final int WAIT_SECONDS = 10;

    private final int parts;
    private final int batches;
    private final int rowsPerBatch;
    private final int failingPart;
    private final CountDownLatch secondStarted = new CountDownLatch(1);
    private volatile boolean overlapped;
    private volatile boolean holdFirst;

    /** @param failingPart the endpoint that fails after its first batch, or -1 for none */
    public PartedAnswer(int parts, int batches, int rowsPerBatch, int failingPart) {
        this.parts = parts;
        this.batches = batches;
        this.rowsPerBatch = rowsPerBatch;
        this.failingPart = failingPart;
    }

    /** Makes the first endpoint wait for the second to start before its last batch (see the class comment). */
    public PartedAnswer holdFirstUntilSecondStarts() {
        holdFirst = true;
        return this;
    }

    /** Whether the second endpoint's stream started while the first one was still open. */
    public boolean overlapped() {
        return overlapped;
    }

    /** Every id in endpoint order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            for (int b = 0; b < batches; b++) {
                for (int r = 0; r < rowsPerBatch; r++) {
                    ids.add(p + "-" + b + "-" + r);
                }
            }
        }
        return ids;
    }

    FlightInfo info(FlightDescriptor descriptor) {
        List<FlightEndpoint> endpoints = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            endpoints.add(new FlightEndpoint(new Ticket(("part-" + p).getBytes(StandardCharsets.UTF_8))));
        }
        return FlightInfo.builder(SCHEMA, descriptor, endpoints).setRecords((long) parts * batches * rowsPerBatch)
                .setOrdered(true).build();
    }

    void stream(String ticket, ServerStreamListener listener, BufferAllocator allocator) {
        int part = Integer.parseInt(ticket.substring("part-".length()));
        if (part == 1) {
            secondStarted.countDown();
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            listener.start(root);
            for (int b = 0; b < batches; b++) {
                if (holdFirst && part == 0 && b == batches - 1) {
                    overlapped = await();
                }
                fill(root, part, b);
                listener.putNext();
                if (part == failingPart) {
                    listener.error(CallStatus.INTERNAL.withDescription("part " + part + " broke").toRuntimeException());
                    return;
                }
            }
            listener.completed();
        }
    }

    private boolean await() {
        try {
            return secondStarted.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void fill(VectorSchemaRoot root, int part, int batch) {
        VarCharVector id = (VarCharVector) root.getVector("id");
        IntVector parts = (IntVector) root.getVector("part");
        root.allocateNew();
        for (int r = 0; r < rowsPerBatch; r++) {
            id.setSafe(r, (part + "-" + batch + "-" + r).getBytes(StandardCharsets.UTF_8));
            parts.setSafe(r, part);
        }
        root.setRowCount(rowsPerBatch);
    }
}
