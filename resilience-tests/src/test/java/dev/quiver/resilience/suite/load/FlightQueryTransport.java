package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.Polling;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Flight DoGet with the GraphQL request JSON as the ticket (every answer's rows checked against {@link DemoOrders}), over a few {@link FlightClient}s (one gRPC channel each)
 * taken in turn so that a thousand concurrent calls are not all multiplexed on one connection. Every call has a
 * deadline; {@code RESOURCE_EXHAUSTED} is a shed, any other status an error. A call still blocked in
 * {@link FlightStream#next()} {@link #HANG_GRACE} after its deadline is interrupted by a watchdog and counted as an
 * error (a hang), so one stuck call cannot stall the whole scenario.
 */
final class FlightQueryTransport implements QueryTransport {
    /** How long past its deadline a call may still be blocked before it counts as hung and is interrupted. */
    static final Duration HANG_GRACE = Duration.ofSeconds(5);
    /** How long client-side buffers may take to be released once the clients are closed. */
    private static final Duration RELEASE = Duration.ofSeconds(10);

    private final BufferAllocator allocator = new RootAllocator();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "flight-call-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final long hangNanos;
    private final List<FlightClient> clients = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final CallOption deadline;
    private final DemoOrders demo;

    FlightQueryTransport(URI flight, int channels, Duration deadline, DemoOrders demo) {
        this.demo = demo;
        Location location = Location.forGrpcInsecure(flight.getHost(), flight.getPort());
        for (int i = 0; i < channels; i++) {
            clients.add(FlightClient.builder(allocator, location).build());
        }
        this.deadline = CallOptions.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        this.hangNanos = deadline.plus(HANG_GRACE).toNanos();
    }

    @Override
    public String name() {
        return "flight";
    }

    @Override
    public Answer ask(OrdersQuery query) {
        FlightClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        Ticket ticket = new Ticket(query.requestJson().getBytes(StandardCharsets.UTF_8));
        List<OrderRow> rows = new ArrayList<>(query.rows());
        Thread caller = Thread.currentThread();
        long started = System.nanoTime();
        ScheduledFuture<?> alarm = watchdog.schedule(caller::interrupt, hangNanos, TimeUnit.NANOSECONDS);
        try (FlightStream stream = client.getStream(ticket, deadline)) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                FieldVector id = root.getVector("id");
                FieldVector status = root.getVector("status");
                FieldVector total = root.getVector("total");
                FieldVector user = root.getVector("user");
                if (id == null || status == null || total == null || user == null) {
                    return Answer.error("not every selected column (id status total user) in " + root.getSchema());
                }
                for (int row = 0; row < root.getRowCount(); row++) {
                    rows.add(new OrderRow(text(id.getObject(row)), text(status.getObject(row)),
                            total.getObject(row) instanceof BigDecimal value ? value : null,
                            user.getObject(row) instanceof Map<?, ?> fields ? text(fields.get("name")) : null));
                }
            }
        } catch (FlightRuntimeException e) {
            if (hung(alarm, started)) {
                return Answer.error("hung past its deadline: " + e.getMessage());
            }
            return e.status().code() == FlightStatusCode.RESOURCE_EXHAUSTED ? Answer.SHED
                    : Answer.error(e.status().code() + ": " + e.getMessage());
        } catch (Exception e) {
            return hung(alarm, started) ? Answer.error("hung past its deadline in " + e) : Answer.error(e.toString());
        } finally {
            alarm.cancel(false);
            Thread.interrupted(); // an alarm that fired just as the call ended must not hit the thread's next call
        }
        String mismatch = query.mismatch(rows, demo);
        return mismatch == null ? Answer.OK : Answer.error(mismatch);
    }

    /** A value of a utf8 or integer column as text (Arrow's {@code Text} or a number), null as null. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Whether the watchdog interrupted this call (it was still blocked {@link #HANG_GRACE} past its deadline). */
    private boolean hung(ScheduledFuture<?> alarm, long started) {
        return alarm.isDone() && !alarm.isCancelled() && System.nanoTime() - started >= hangNanos;
    }

    /**
     * Closes the clients, waits (bounded) until gRPC has released every buffer of theirs (a stream's last batch may
     * still be held just after the call ended), then closes the allocator, which fails on anything still allocated.
     */
    @Override
    public void close() throws Exception {
        watchdog.shutdownNow();
        for (FlightClient client : clients) {
            client.close();
        }
        Polling.await(RELEASE, "every Flight client buffer released", () -> allocator.getAllocatedMemory() == 0,
                () -> allocator.getAllocatedMemory() + " bytes still allocated");
        allocator.close();
    }
}
