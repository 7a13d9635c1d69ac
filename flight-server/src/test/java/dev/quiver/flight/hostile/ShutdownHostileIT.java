package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.testing.Await;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last condition: the real server jar stops promptly on SIGTERM even mid-attack. With slow readers
 * holding stream slots (their writes blocked), slowloris connections holding HTTP workers, and a Flight DoGet of a
 * large answer that its client stopped reading, SIGTERM must end the process within {@link #STOP_BOUND}, with the
 * exit status of a JVM stopped by SIGTERM (143) or 0, and its log must say it stopped.
 *
 * <p>Why 20 s: the server's own shutdown waits at most 1 s for HTTP exchanges, 5 s for HTTP workers, 5 s for Flight
 * calls to end and 5 + 5 s for Flight call handlers (interrupted after the first 5); a clean stop mid-attack takes
 * well under that, and a stop that waits for an attacker (a blocked write, a slow client) never ends.
 */
@Tag("hostile")
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownHostileIT {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHostileIT.class);
    private static final Duration STOP_BOUND = Duration.ofSeconds(20);
    private static final int SLOW_READERS = ServerJarHostileIT.MAX_STREAMS / 2;
    private static final int SLOWLORIS = 8;
    /** A DoGet of every order item with its order: a few MiB, under the memory budget, read one batch and no more. */
    private static final String HEAVY = "{ orderItems { id orderId productId quantity unitPrice order { id status } } }";

    private final List<Socket> sockets = new ArrayList<>();
    private ServerProcess server;

    @AfterEach
    void cleanUp() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigtermStopsTheServerPromptlyMidAttack() throws Exception {
        // the same server and budgets as the attacks, but a write deadline far beyond the test: only the shutdown
        // can end the blocked writes
        List<String> args = ServerJarHostileIT.args("1h", "1h", "1h");
        server = ServerProcess.start("hostile-shutdown", ServerJarHostileIT.JVM, args, Duration.ofSeconds(60));
        Attacker attacker = new Attacker(server, null); // sockets only
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try (BufferAllocator allocator = new RootAllocator();
             FlightClient flight = FlightClient.builder(allocator, server.flight()).build()) {
            for (int i = 0; i < SLOW_READERS; i++) {
                sockets.add(attacker.neverReading(ServerJarHostileIT.LARGE));
            }
            List<Socket> loris = new ArrayList<>();
            for (int i = 0; i < SLOWLORIS; i++) {
                loris.add(attacker.openHttp("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            }
            sockets.addAll(loris);
            dribbler.scheduleAtFixedRate(() -> loris.forEach(Attacker::dribble), 100, 500, TimeUnit.MILLISECONDS);
            FlightStream heavy = flight.getStream(new Ticket(Attacker.request(HEAVY).getBytes(StandardCharsets.UTF_8)));
            assertThat(heavy.next()).as("the heavy DoGet's first batch").isTrue(); // then never read again
            Attacker slots = new Attacker(server, flight);
            Await.until("the slow readers to hold " + SLOW_READERS + " stream slots", ServerJarHostileIT.BOUND,
                    () -> slots.slotsInUse() >= SLOW_READERS, () -> "(in use: " + slots.slotsInUse() + "; " + server.tail() + ")");

            long start = System.nanoTime();
            int exit = server.terminate(STOP_BOUND);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            closeQuietly(heavy);
            LOG.info("SIGTERM mid-attack ({} slow readers, {} slowloris, a stalled DoGet): exit {} after {} ms",
                    SLOW_READERS, SLOWLORIS, exit, took.toMillis());

            assertThat(exit).as("exit status; " + server.tail()).isIn(0, 143);
            assertThat(server.log()).as("the server's log says it stopped").contains("Quiver server stopped");
        } finally {
            dribbler.shutdownNow();
        }
    }

    /** The stalled stream ends with an error once the server is gone; closing it frees the client's buffers. */
    private static void closeQuietly(FlightStream stream) {
        try {
            stream.close();
        } catch (Exception e) {
            LOG.info("the stalled DoGet ended with {}", e.toString());
        }
    }
}
