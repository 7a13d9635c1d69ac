package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.hostile.Attacker.Answer;
import dev.quiver.flight.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security review's attacks ({@code ../shared/reviews/security.md}) against the real server jar, started as
 * {@code make run} starts it, on the embedded demo data, with {@code -Xmx256m} and small budgets so that every
 * deadline the tests wait for is a few seconds: {@code --query-timeout 5s}, {@code --http-read-timeout 3s},
 * {@code --http-write-timeout 3s}, {@code --max-request-memory} 32 MiB, {@code --max-streams 16},
 * {@code --batch-rows 16384}, and the default {@code --max-server-memory} (half of the JVM's 256 MiB of direct memory).
 * 16 streams of 32 MiB could ask for twice the direct memory the JVM has: the server-wide budget is what keeps it
 * alive ({@link #slowReadersAskingForMoreMemoryThanTheServerHasAreRefusedNotFatal}).
 *
 * <p>Each test method is one attack, sending the review's request (sizes are noted where one had to be scaled). It
 * asserts that the attack is refused with a clear status and message, or answered, within a bound tied to those
 * budgets ({@link #BOUND}: the query timeout plus 10 s of slack, never a tight figure), and that meanwhile a
 * {@link Canary} (a normal client running {@code { users(limit: 5) { id name } }} over Flight and HTTP in a loop)
 * gets every answer right, with a median round latency of at most {@code max(10 × baseline, baseline + 2 s)}.
 *
 * <p>Why that latency bound: the baseline is the canary's median on this very server, in this run, before any
 * attack, so a slow or busy machine raises both sides alike. On this 2-core machine an attacker thread and the
 * server's work on its requests compete with the canary for the same cores; a 10-fold median (and at least 2 s
 * of headroom, for baselines of a few milliseconds) tolerates that sharing, while what the review found (a core
 * spinning for minutes, every stream slot or HTTP worker held, an out-of-memory error) makes the canary fail or
 * stall for the whole window. The figures are logged ("canary during …") for the closing note.
 *
 * <p>After each attack the server must still be alive with no {@code OutOfMemoryError} in its log. To add an attack,
 * add a method that calls {@link #repeatedly} (a request sent over and over by attacker threads) or sets up its
 * clients and calls {@link #whileOn} (connections held open while the canary measures).
 */
@Tag("hostile")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerJarHostileIT {
    private static final Logger LOG = LoggerFactory.getLogger(ServerJarHostileIT.class);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HTTP_READ_TIMEOUT = Duration.ofSeconds(3);
    static final Duration HTTP_WRITE_TIMEOUT = Duration.ofSeconds(3);
    static final long REQUEST_MEMORY = 32L << 20;
    static final int MAX_STREAMS = 16;
    static final int HTTP_WORKERS = MAX_STREAMS + 16; // HttpSettings.SPARE_THREADS
    static final int MAX_HEADER_BYTES = 64 << 10;
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    /** Any refusal or answer must come within this: the query timeout and generous slack. */
    static final Duration BOUND = QUERY_TIMEOUT.plusSeconds(10);
    /** Canary rounds each attack window must hold. */
    private static final int ROUNDS = 10;
    private static final Duration WINDOW_LIMIT = Duration.ofSeconds(30);
    /**
     * About 11 MB of JSON on this demo data (each item's order and its user, twice), under the memory budget: far
     * more than socket buffers (the kernel's default ceiling is 4 MiB) hold.
     */
    static final String LARGE = "{ orderItems { id orderId productId quantity unitPrice order { id status total createdAt"
            + " user { id name email country } } again: order { id status total createdAt user { id name email country } } } }";

    static final List<String> JVM = List.of("-Xmx256m");
    /**
     * {@code --demo-rows 10000}: a tenth of {@code make run}'s data, so the server starts in seconds; the demo keeps
     * its shape (products are orders / 100, so still about 200 order items per product for the fan-out attack).
     * {@code --no-relay}: nothing outside this test.
     */
    static final List<String> ARGS = args("5s", "3s", "3s");

    /** The server's flags, with these query timeout, HTTP read timeout and HTTP write timeout. */
    static List<String> args(String queryTimeout, String httpReadTimeout, String httpWriteTimeout) {
        return List.of("--demo-rows", "10000", "--no-relay", "--batch-rows", "16384", "--query-timeout", queryTimeout,
                "--http-read-timeout", httpReadTimeout, "--http-write-timeout", httpWriteTimeout,
                "--max-request-memory", Long.toString(REQUEST_MEMORY), "--max-streams", Integer.toString(MAX_STREAMS));
    }

    private static ServerProcess server;
    private static BufferAllocator allocator;
    private static FlightClient flight;
    private static Attacker attacker;
    private static Canary canary;
    private static double baselineMillis;
    private final List<Socket> sockets = new ArrayList<>();
    private int logBefore;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start("hostile", JVM, ARGS, Duration.ofSeconds(60));
        allocator = new RootAllocator();
        flight = FlightClient.builder(allocator, server.flight()).maxInboundMessageSize(64 << 20).build();
        attacker = new Attacker(server, flight);
        canary = Canary.start(server);
        try (Canary.Window warmUp = canary.open("warm-up")) {
            warmUp.awaitRounds(ROUNDS, WINDOW_LIMIT);
        }
        try (Canary.Window baseline = canary.open("baseline (no attack)")) {
            baseline.awaitRounds(2 * ROUNDS, WINDOW_LIMIT);
            Canary.Stats stats = baseline.stats();
            assertThat(stats.failures()).as("the canary before any attack; " + server.tail()).isEmpty();
            baselineMillis = stats.medianMillis();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (canary != null) {
            canary.close();
        }
        if (flight != null) {
            flight.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void markTheLog() {
        logBefore = server.log().length();
    }

    /**
     * The server is alive, ran out of no memory, and logged no ERROR: bad input is the client's error, answered
     * to the client, not a stack trace per request in the server's log (a flood of them is an attack of its own).
     */
    @AfterEach
    void serverStillServes() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        assertThat(server.isAlive()).as("the server process after the attack; " + server.tail()).isTrue();
        String log = server.log();
        assertThat(log).as("the server's log").doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
        assertThat(log.substring(Math.min(logBefore, log.length())).lines().filter(line -> line.contains(" ERROR ")))
                .as("ERROR lines the server logged during the attack").isEmpty();
    }

    // ---- the attacks, in the review's order ----

    /** H1: a 60-byte request whose BigInt literal used to cost minutes of CPU, before any slot or timeout. */
    @Test
    void h1HugeBigIntLiteralIsRefusedAtOnce() throws Exception {
        String literal = "{ products(where: {barcode: {eq: 1e300000000}}) { id } }";
        String variable = Attacker.request("query($b: BigInt){ products(where:{barcode:{eq:$b}}) { id } }",
                "{\"b\":\"" + "9".repeat(1_500_000) + "\"}");
        repeatedly("H1 huge BigInt (literal over HTTP and Flight GetSchema, 1.5 M-digit variable)", 2, () -> {
            Answer answer = attacker.post(Attacker.request(literal), BOUND);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.body()).contains("BigInt");
            FlightRuntimeException schema = attacker.getSchemaError(Attacker.request(literal), BOUND);
            assertThat(schema.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(schema.getMessage()).contains("BigInt");
            Answer huge = attacker.post(variable, BOUND);
            assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
            assertThat(huge.body()).contains("BigInt").hasSizeLessThan(2_000);
        });
    }

    /**
     * H2: 4,800 aliases of one column (the review's ~4.8 GiB of direct memory from {@code limit: 1}) is over the
     * output-column budget; 200 aliases over every order (about 50 MiB of vectors in a 16,384-row batch) is over this
     * server's 32 MiB per request. Two at a time, with {@code -Xmx256m}: each fails alone, no out-of-memory.
     */
    @Test
    void h2AliasAmplificationStaysWithinTheMemoryBudget() throws Exception {
        String wide = "{ orders(limit: 1) { " + aliases(4_800, "total") + " } }";
        String heavy = Attacker.request("{ orders { " + aliases(200, "total") + " } }");
        repeatedly("H2 alias amplification (4,800 aliases; 200 aliases x 10,000 rows)", 2, () -> {
            Answer answer = attacker.post(Attacker.request(wide), BOUND);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
            assertThat(answer.body()).contains("output columns");
            FlightRuntimeException memory = attacker.doGetError(heavy, BOUND);
            assertThat(memory.status().code()).as(memory.getMessage()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
            assertThat(memory.getMessage()).contains("--max-request-memory");
        });
    }

    /** H3: relation fan-out of 200^3 rows from {@code limit: 1} (and ×25), and named fragments 12 levels deep. */
    @Test
    void h3RelationFanOutAndFragmentDepthAreRefused() throws Exception {
        String fanOut = "{ orderItems(limit: %d) { product { orderItems { product { orderItems { product { orderItems"
                + " { id } } } } } } } }";
        StringBuilder fragments = new StringBuilder("query { users(limit: 1) { ...A } }");
        for (char f = 'A'; f < 'J'; f++) {
            fragments.append(" fragment ").append(f).append(" on User { referrer { ...").append((char) (f + 1)).append(" } }");
        }
        fragments.append(" fragment J on User { referrer { id } }");
        repeatedly("H3 relation fan-out and fragment depth", 2, () -> {
            for (int limit : new int[] {1, 25}) {
                FlightRuntimeException e = attacker.doGetError(Attacker.request(String.format(fanOut, limit)), BOUND);
                assertThat(e.status().code()).as(e.getMessage()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.getMessage()).contains("fan out").contains("--max-relation-rows");
            }
            Answer deep = attacker.post(Attacker.request(fragments.toString()), BOUND);
            assertThat(deep.status()).as(deep.toString()).isEqualTo(413);
            assertThat(deep.body()).contains("nests selections 12 levels deep");
        });
    }

    /**
     * H4: clients that ask for a large answer and never read it. While most stream slots are held the canary is
     * served; every held slot is freed within the write timeout (plus slack), so then all of them are free again.
     */
    @Test
    void h4SlowReadersReleaseTheirSlotsAfterTheWriteTimeout() throws Exception {
        int readers = MAX_STREAMS / 2; // about 10 MiB of Arrow memory each: together under --max-server-memory
        for (int i = 0; i < readers; i++) {
            sockets.add(attacker.neverReading(LARGE));
        }
        Await.until("the slow readers to hold " + readers + " stream slots", BOUND,
                () -> attacker.slotsInUse() >= readers);
        whileOn("H4 " + readers + " slow readers holding stream slots", () -> { });
        Await.until("the server to end every slow reader's answer", HTTP_WRITE_TIMEOUT.plus(BOUND),
                () -> attacker.slotsInUse() <= 1, () -> "(slots in use, the canary's included: " + attacker.slotsInUse() + ")");
    }

    /**
     * H2 and H4 together, which the per-request budget alone did not survive: slow readers whose answers each need
     * 25 MiB (50 decimal aliases over a 16,384-row batch, each vector rounded up to 512 KiB: under the 32 MiB per
     * request) and never read them. 14 of them ask for 350 MiB, more than the JVM's 256 MiB of direct memory: before
     * the server-wide budget, 12 slow readers of about 30 MiB each killed the server's HTTP threads with
     * {@code OutOfMemoryError} (seen while this group was written). Now those past {@code --max-server-memory} are
     * refused with 503 at once, the others hold their slots until the write timeout, and the canary is served
     * meanwhile.
     */
    @Test
    void slowReadersAskingForMoreMemoryThanTheServerHasAreRefusedNotFatal() throws Exception {
        String wide = "{ orders { " + aliases(50, "total") + " } }";
        int readers = MAX_STREAMS - 2;
        for (int i = 0; i < readers; i++) {
            sockets.add(attacker.neverReading(wide));
        }
        List<String> statusLines = new ArrayList<>();
        for (Socket socket : sockets) {
            statusLines.add(Attacker.statusLine(socket, BOUND));
        }
        LOG.info("{} slow readers asking for 25 MiB each: {}", readers, statusLines.stream()
                .collect(Collectors.groupingBy(line -> line, Collectors.counting())));
        assertThat(statusLines).as("each slow reader's answer").allMatch(line -> line.startsWith("HTTP/1.1 200")
                || line.startsWith("HTTP/1.1 503")).anyMatch(line -> line.startsWith("HTTP/1.1 503"));
        whileOn("slow readers asking for more memory than the server has", () -> { });
        Await.until("the server to end every slow reader's answer", HTTP_WRITE_TIMEOUT.plus(BOUND),
                () -> attacker.slotsInUse() <= 1, () -> "(slots in use, the canary's included: " + attacker.slotsInUse() + ")");
    }

    /**
     * H5: slowloris. Clients that send their headers a byte at a time (before any authentication) and clients that
     * promise a 100,000-byte body and send a byte at a time hold neither a stream slot nor, past the read timeout,
     * a worker: the canary is served meanwhile, and the server closes every one of them.
     */
    @Test
    void h5SlowlorisConnectionsAreClosedAfterTheReadTimeout() throws Exception {
        int slow = HTTP_WORKERS / 2 - 2;
        for (int i = 0; i < slow; i++) {
            sockets.add(attacker.openHttp("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            sockets.add(attacker.openHttp("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 100000\r\n\r\n{"));
        }
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try {
            dribbler.scheduleAtFixedRate(() -> sockets.forEach(Attacker::dribble), 100, 500, TimeUnit.MILLISECONDS);
            whileOn("H5 slowloris (" + sockets.size() + " connections sending a byte every 500 ms)",
                    () -> assertThat(attacker.slotsInUse()).as("stream slots held by slow bodies").isLessThanOrEqualTo(1));
            Await.until("the server to close every slow connection", HTTP_READ_TIMEOUT.plus(BOUND),
                    () -> sockets.stream().allMatch(Attacker::closedByServer));
        } finally {
            dribbler.shutdownNow();
        }
    }

    /**
     * H7: Flight messages and header lists of up to 2 GiB. A header list twice {@code --max-header-bytes} and a
     * ticket over {@code --max-message-bytes} (the review's 20 M {@code in} ids, scaled to just past the budget) are
     * refused; a HEADERS frame followed by endless CONTINUATION frames, before any authentication, gets the
     * connection closed after at most a few MiB, not 2 GiB.
     */
    @Test
    void h7OversizedFlightHeadersAndMessagesAreRefused() throws Exception {
        String ids = IntStream.range(0, 2_000_000).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(","));
        byte[] huge = Attacker.request("query($ids: [ID!]) { users(where: {id: {in: $ids}}) { id } }",
                "{\"ids\":[" + ids + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(huge.length).isGreaterThan(MAX_MESSAGE_BYTES);
        repeatedly("H7 oversized Flight headers, messages and CONTINUATION flood", 1, () -> {
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("x-padding", "a".repeat(MAX_HEADER_BYTES * 2));
            long start = System.nanoTime();
            try (FlightStream stream = flight.getStream(new Ticket(Attacker.request(Canary.QUERY).getBytes()),
                    new HeaderCallOption(headers))) {
                stream.next();
                throw new AssertionError("a " + MAX_HEADER_BYTES * 2 + "-byte header list was accepted");
            } catch (FlightRuntimeException e) {
                // grpc-netty refuses it in the HTTP/2 layer (HTTP 431), which the client reads as INTERNAL
                assertThat(e.status().code()).as(e.getMessage()).isEqualTo(FlightStatusCode.INTERNAL);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(BOUND);
            }
            FlightRuntimeException message = attacker.doGetError(huge, BOUND);
            assertThat(message.status().code()).as(message.getMessage()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
            assertThat(continuationFlood()).as("bytes the server took before closing the connection")
                    .isLessThan(32L << 20);
        });
    }

    /**
     * M2: GetFlightInfo used to run an unguarded {@code COUNT(*)}: 30,000 OR-ed {@code like}s in a variable (the
     * review's request) is refused by the list budget, and GetFlightInfo of a filtered query answers quickly.
     */
    @Test
    void m2GetFlightInfoOfAnExpensiveFilterIsBounded() throws Exception {
        String ors = IntStream.range(0, 30_000).mapToObj(i -> "{\"status\":{\"like\":\"%zz" + i + "%\"}}")
                .collect(Collectors.joining(","));
        String manyOrs = Attacker.request("query($w: OrderWhere){ orders(where: $w) { id } }", "{\"w\":{\"or\":[" + ors + "]}}");
        String oneLike = Attacker.request("{ orders(where: {status: {like: \"%zz%\"}}) { id } }");
        repeatedly("M2 GetFlightInfo with 30,000 OR-ed likes", 1, () -> {
            FlightRuntimeException e = attacker.getSchemaError(manyOrs, BOUND);
            assertThat(e.status().code()).as(e.getMessage()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
            assertThat(e.getMessage()).contains("30000 values");
            attacker.getFlightInfo(manyOrs, BOUND);
            attacker.getFlightInfo(oneLike, BOUND);
        });
    }

    /**
     * M9: distinct wide valid documents used to pin up to ~2 GB of parsed documents in the cache. 100 or more of them
     * (255 aliases each, under the column budget, so each is parsed, validated and cached) leave a {@code -Xmx256m}
     * server alive, and its heap after a collection within the JVM's limit.
     */
    @Test
    void m9DistinctWideDocumentsDoNotPinTheHeap() throws Exception {
        AtomicInteger next = new AtomicInteger();
        repeatedly("M9 distinct wide documents through GetSchema", 2, () -> {
            for (int d = 0; d < 25; d++) {
                int k = next.getAndIncrement();
                String query = "{ orders(limit: 0) { " + IntStream.range(0, 255).mapToObj(i -> "k" + k + "_" + i + "_"
                        + "x".repeat(200) + ":id").collect(Collectors.joining(" ")) + " } }";
                flight.getSchema(org.apache.arrow.flight.FlightDescriptor.command(Attacker.request(query).getBytes()));
            }
        });
        LOG.info("M9: {} distinct wide documents sent; server heap in use {} MiB", next.get(),
                server.heapUsedBytes() >> 20);
    }

    /**
     * H6: one user whose name is 200 {@code a}s, then {@code like} patterns with twelve {@code %}: H2's own LIKE
     * backtracked for ever inside that row, out of reach of cancel and the query timeout, one core per request. The
     * embedded source now matches {@code like} in linear time: each request answers (no row, or the planted one).
     */
    @Test
    void h6LikeBacktrackingOnTheEmbeddedSourceAnswersAtOnce() throws Exception {
        Answer planted = attacker.post(Attacker.request("mutation { createUser(input: {name: \"" + "a".repeat(200)
                + "\", email: \"h6@example.com\", createdAt: \"2026-01-01T00:00:00Z\", vip: false}) { id } }"), BOUND);
        assertThat(planted.status()).as(planted.toString()).isEqualTo(200);
        String none = Attacker.request("{ users(where: {name: {like: \"%a%a%a%a%a%a%a%a%a%a%a%a%b\"}}) { id } }");
        String one = Attacker.request("{ users(where: {name: {like: \"%a%a%a%a%a%a%a%a%a%a%a%a%a\"}}) { id } }");
        repeatedly("H6 like with twelve % over a 200-character name", 2, () -> {
            Answer answer = attacker.post(none, BOUND);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.body()).contains("\"users\":[]");
            Answer match = attacker.post(one, BOUND);
            assertThat(match.status()).as(match.toString()).isEqualTo(200);
            assertThat(match.body()).contains("\"users\":[{");
            attacker.getFlightInfo(none, BOUND);
        });
    }

    /**
     * M10: a page on a rebinding name (here {@code Host: evil.example}) reading the developer's data through the
     * browser. Every path answers 421 naming {@code --allowed-hosts}, before any handler runs.
     */
    @Test
    void m10ARequestForAnotherHostNameIsRefused() throws Exception {
        String query = "/graphql?query=%7B%20users(limit%3A%203)%20%7B%20email%20%7D%20%7D";
        repeatedly("M10 DNS rebinding (Host: evil.example)", 2, () -> {
            for (String path : new String[] {query, "/health", "/metrics"}) {
                try (Socket socket = attacker.openHttp("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n"
                        + "Connection: close\r\n\r\n")) {
                    assertThat(Attacker.statusLine(socket, BOUND)).as(path).startsWith("HTTP/1.1 421");
                }
            }
        });
    }

    /** L4: a {@code where} nested 490 levels deep through a variable (Jackson allows 1,000) is refused. */
    @Test
    void deepWhereNestingIsRefused() throws Exception {
        String where = "{\"id\":{\"eq\":\"1\"}}";
        for (int i = 0; i < 490; i++) {
            where = "{\"not\":" + where + "}";
        }
        String request = Attacker.request("query($w: UserWhere){ users(where:$w){id} }", "{\"w\":" + where + "}");
        repeatedly("L4 where nested 490 levels", 2, () -> {
            Answer answer = attacker.post(request, BOUND);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
            assertThat(answer.body()).contains("nests");
        });
    }

    /** L3 and the review's injection checks: bad input is a client error or an empty answer, never a 500. */
    @Test
    void badInputIsAClientErrorAndValuesAreBound() throws Exception {
        repeatedly("L3 out-of-range timestamp and injection attempts", 2, () -> {
            Answer far = attacker.post(Attacker.request("{ orders(where:{createdAt:{gt:\"+300000-01-01T00:00:00Z\"}}){ id } }"), BOUND);
            assertThat(far.status()).as(far.toString()).isIn(200, 400);
            Answer injection = attacker.post(Attacker.request("{ users(where: {name: {eq: \"x\\\" OR 1=1 --\"}}) { id } }"), BOUND);
            assertThat(injection.status()).as(injection.toString()).isEqualTo(200);
            assertThat(injection.body()).contains("\"users\":[]");
            Answer unknown = attacker.post(Attacker.request("{ users(orderBy: [{nosuch: DESC}]) { id } }"), BOUND);
            assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        });
    }

    // ---- the harness ----

    /** One attack step, asserting its own refusal. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} over and over on {@code threads} attacker threads until the canary has finished
     * {@link #ROUNDS} rounds during the attack (and every thread has finished at least one step), then checks the
     * canary. The first failed step fails the test.
     */
    private void repeatedly(String name, int threads, Step step) throws Exception {
        AtomicBoolean on = new AtomicBoolean(true);
        AtomicInteger done = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> attackers = new ArrayList<>();
        try {
            whileOn(name, () -> {
                for (int t = 0; t < threads; t++) {
                    attackers.add(pool.submit(() -> {
                        do {
                            long start = System.nanoTime();
                            step.run();
                            slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                            done.incrementAndGet();
                        } while (on.get());
                        return null;
                    }));
                }
                Await.until(name + ": a step per attacker", BOUND.multipliedBy(2),
                        () -> done.get() >= threads || attackers.stream().anyMatch(Future::isDone));
            });
        } finally {
            on.set(false);
            pool.shutdown();
        }
        for (Future<?> attack : attackers) {
            try {
                attack.get(BOUND.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(name + ": the attack was not refused as expected: " + e.getCause()
                        + "; " + server.tail(), e.getCause());
            }
        }
        LOG.info("{}: {} attack steps, the slowest took {} ms", name, done.get(), slowest.get() / 1_000_000);
    }

    /**
     * Opens a canary window, runs {@code during} (which may wait for the attack to take hold), waits for
     * {@link #ROUNDS} canary rounds, and asserts the canary was served correctly and about as fast as before.
     */
    private void whileOn(String name, Step during) throws Exception {
        Canary.Stats stats;
        try (Canary.Window window = canary.open(name)) {
            during.run();
            window.awaitRounds(ROUNDS, WINDOW_LIMIT);
            stats = window.stats();
        }
        assertThat(stats.failures()).as("canary failures during " + name + "; " + server.tail()).isEmpty();
        double bound = Math.max(10 * baselineMillis, baselineMillis + 2_000);
        assertThat(stats.medianMillis()).as("canary median (ms) during %s, against a baseline of %.1f ms", name,
                baselineMillis).isLessThanOrEqualTo(bound);
    }

    private static String aliases(int count, String field) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i + ": " + field).collect(Collectors.joining(" "));
    }

    /**
     * The review's H7 script: an HTTP/2 preface, a HEADERS frame without END_HEADERS, then 16 KiB CONTINUATION
     * frames for ever. Returns how many bytes were sent before the server closed the connection.
     */
    private static long continuationFlood() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket("127.0.0.1", server.flightPort())) {
            Future<Long> flood = one.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(frame(4, 0, 0, new byte[0]));
                out.write(frame(1, 0x1, 1, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84}));
                byte[] continuation = frame(9, 0, 1, new byte[16_384]);
                long sent = 0;
                try {
                    while (sent < (64L << 20)) {
                        out.write(continuation);
                        sent += continuation.length;
                    }
                } catch (IOException closed) {
                    return sent;
                }
                return sent; // 64 MiB taken: the test fails on the returned figure
            });
            try {
                return flood.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the server neither read nor closed a CONTINUATION flood within " + BOUND);
            }
        } finally {
            one.shutdownNow();
        }
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return frame.array();
    }
}
