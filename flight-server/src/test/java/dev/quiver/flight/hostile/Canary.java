package dev.quiver.flight.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordinary client beside the attackers: one thread that, in a loop, asks for {@link #QUERY} over Flight (DoGet)
 * and then over HTTP, checks that each answer has its {@value #ROWS} rows, and records each round's latency. A
 * {@link Window} collects the rounds that end while it is open, so a test measures a baseline before the attacks and
 * then each attack on its own. Each request has its own deadline ({@link #REQUEST_TIMEOUT}), so a server that
 * stops answering makes failed rounds, not a hung test.
 */
final class Canary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Canary.class);
    static final String QUERY = "{ users(limit: 5) { id name } }";
    static final int ROWS = 5;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient flight;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI graphql;
    private final Thread thread;
    private final List<Window> windows = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private Canary(ServerProcess server) {
        this.flight = FlightClient.builder(allocator, server.flight()).build();
        this.graphql = server.http("/graphql");
        this.thread = new Thread(this::loop, "canary");
        this.thread.setDaemon(true);
    }

    /** Starts the canary's loop against {@code server}. */
    static Canary start(ServerProcess server) {
        Canary canary = new Canary(server);
        canary.thread.start();
        return canary;
    }

    /** Collects the rounds that end from now until {@link Window#close()}. */
    Window open(String name) {
        Window window = new Window(name);
        windows.add(window);
        return window;
    }

    private void loop() {
        while (running) {
            long start = System.nanoTime();
            String failure = null;
            try {
                flightRound();
                httpRound();
            } catch (Exception | AssertionError e) {
                failure = e.toString();
            }
            long nanos = System.nanoTime() - start;
            for (Window window : windows.toArray(new Window[0])) {
                window.add(nanos, failure);
            }
        }
    }

    private void flightRound() throws Exception {
        String json = "{\"query\":\"" + QUERY + "\"}";
        long rows = 0;
        try (FlightStream stream = flight.getStream(new Ticket(json.getBytes(StandardCharsets.UTF_8)),
                CallOptions.timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        if (rows != ROWS) {
            throw new AssertionError("Flight canary got " + rows + " rows, not " + ROWS);
        }
    }

    private void httpRound() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(graphql).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + QUERY + "\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || count(response.body(), "\"id\":") != ROWS) {
            throw new AssertionError("HTTP canary got " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(REQUEST_TIMEOUT.multipliedBy(2).toMillis());
        flight.close();
        allocator.close();
    }

    /** The canary's rounds during one phase of the test. */
    final class Window implements AutoCloseable {
        private final String name;
        private final List<Long> nanos = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        private Window(String name) {
            this.name = name;
        }

        private synchronized void add(long roundNanos, String failure) {
            nanos.add(roundNanos);
            if (failure != null) {
                failures.add(failure);
            }
            notifyAll();
        }

        /** Waits until at least {@code rounds} rounds have ended in this window. */
        synchronized void awaitRounds(int rounds, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (nanos.size() < rounds) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the canary finished " + nanos.size() + " of " + rounds + " rounds in "
                            + limit + " during " + name + (failures.isEmpty() ? "" : "; failures: " + failures));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized int rounds() {
            return nanos.size();
        }

        /** Stops collecting and returns what was measured (also logged). */
        @Override
        public synchronized void close() {
            windows.remove(this);
        }

        synchronized Stats stats() {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            Stats stats = new Stats(name, sorted.size(), List.copyOf(failures),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) / 1e6,
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e6);
            LOG.info("canary during {}: {} rounds, {} failed, median {} ms, max {} ms", name, stats.rounds(),
                    stats.failures().size(), String.format("%.1f", stats.medianMillis()),
                    String.format("%.1f", stats.maxMillis()));
            return stats;
        }
    }

    /** One window's figures: rounds (one Flight and one HTTP query each), failures, latency of a round. */
    record Stats(String name, int rounds, List<String> failures, double medianMillis, double maxMillis) {
    }
}
