package dev.quiver.flight;

import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.http.HttpSettings;
import dev.quiver.flight.http.QuiverHttpServer;
import dev.quiver.flight.http.ServerHealth;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.server.MeteredFlightProducer;
import dev.quiver.flight.server.QuiverFlightProducer;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.JdbcDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Quiver server: catalog, database, allocator, metrics, the Flight server and its HTTP/JSON twin
 * (sharing one compiler and executor), closed in reverse order.
 */
public final class QuiverServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);

    private final BufferAllocator allocator;
    private final Database database;
    private final FlightServer flight;
    private final QuiverHttpServer http;
    private final QuiverMetrics metrics;
    private final String exampleQuery;

    private QuiverServer(BufferAllocator allocator, Database database, FlightServer flight, QuiverHttpServer http,
                         QuiverMetrics metrics, String exampleQuery) {
        this.allocator = allocator;
        this.database = database;
        this.flight = flight;
        this.http = http;
        this.metrics = metrics;
        this.exampleQuery = exampleQuery;
    }

    public static QuiverServer start(ServerConfig config) throws IOException, SQLException {
        String sdl = config.sdl() == null ? DemoShop.sdl() : Files.readString(config.sdl());
        Catalog catalog = new CatalogLoader().load(sdl);
        Database database = config.jdbcUrl() == null ? embeddedDemo(config.demoRows())
                : JdbcDatabase.postgres(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        try (Connection probe = database.connect()) {
            LOG.info("source {} answers ({})", database.kind(), probe.getMetaData().getDatabaseProductName());
        }
        BufferAllocator allocator = new RootAllocator();
        QueryExecutor executor = new QueryExecutor(database, allocator.newChildAllocator("queries", 0, Long.MAX_VALUE),
                config.batchRows());
        RequestCompiler compiler = new RequestCompiler(catalog, config.limits());
        QuiverFlightProducer producer = new QuiverFlightProducer(catalog, compiler, executor);
        QuiverMetrics metrics = QuiverMetrics.create();
        FlightServer flight = FlightServer.builder(allocator, Location.forGrpcInsecure(config.host(), config.port()),
                new MeteredFlightProducer(producer, metrics)).build().start();
        QuiverHttpServer http;
        try {
            http = QuiverHttpServer.start(HttpSettings.of(config.host(), config.httpPort(), config.limits()), compiler,
                    executor, new ServerHealth(database, catalog, Clock.systemUTC()), metrics);
        } catch (IOException | RuntimeException e) {
            try {
                new QuiverServer(allocator, database, flight, null, metrics, null).close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.addSuppressed(interrupted);
            }
            throw e;
        }
        return new QuiverServer(allocator, database, flight, http, metrics, exampleQuery(catalog));
    }

    private static String exampleQuery(Catalog catalog) {
        EntityType entity = catalog.entities().get(0);
        String fields = entity.columns().stream().limit(4).map(ColumnField::name).collect(Collectors.joining(" "));
        return "{ " + entity.rootField() + "(limit: 5) { " + fields + " } }";
    }

    private static Database embeddedDemo(long orders) throws SQLException {
        JdbcDatabase database = JdbcDatabase.embedded("quiver-" + UUID.randomUUID());
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(orders), 42L,
                    done -> LOG.info("demo data: {} of {} orders", done, orders));
        }
        LOG.info("demo data ready: {} orders in {} ms", orders, (System.nanoTime() - started) / 1_000_000);
        return database;
    }

    /** The Flight port. */
    public int port() {
        return flight.getPort();
    }

    /** The HTTP port of {@code /graphql}, {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return http.port();
    }

    /** A query this server answers (five rows of its first root field), for banners and examples. */
    public String exampleQuery() {
        return exampleQuery;
    }

    /** The server's meters, as {@code GET /metrics} shows them. */
    public QuiverMetrics metrics() {
        return metrics;
    }

    public void awaitTermination() throws InterruptedException {
        flight.awaitTermination();
    }

    @Override
    public void close() throws InterruptedException {
        if (http != null) {
            http.close();
        }
        flight.shutdown();
        flight.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        flight.close();
        metrics.close();
        database.close();
        allocator.getChildAllocators().forEach(BufferAllocator::close);
        allocator.close();
    }
}
