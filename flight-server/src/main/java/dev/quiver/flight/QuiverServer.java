package dev.quiver.flight;

import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.server.QuiverFlightProducer;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.JdbcDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Quiver server: catalog, database, allocator and Flight server, closed in reverse order. */
public final class QuiverServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);

    private final BufferAllocator allocator;
    private final Database database;
    private final FlightServer flight;

    private QuiverServer(BufferAllocator allocator, Database database, FlightServer flight) {
        this.allocator = allocator;
        this.database = database;
        this.flight = flight;
    }

    public static QuiverServer start(ServerConfig config) throws IOException, SQLException {
        Database database = config.jdbcUrl() == null ? embeddedDemo(config.demoRows())
                : JdbcDatabase.postgres(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        try {
            if (config.loadDemo()) {
                loadDemo(database, config.demoRows());
            }
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return start(config, database);
    }

    /**
     * Serves {@code database} with the configured SDL; the server closes the database when it closes (or when it
     * fails to start). The config's source settings (jdbc URL, demo loading) are not used.
     */
    public static QuiverServer start(ServerConfig config, Database database) throws IOException, SQLException {
        Catalog catalog;
        try {
            String sdl = config.sdl() == null ? DemoShop.sdl() : Files.readString(config.sdl());
            catalog = new CatalogLoader().load(sdl);
            try (Connection probe = database.connect()) {
                LOG.info("source {} answers ({})", database.kind(), probe.getMetaData().getDatabaseProductName());
            }
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        BufferAllocator allocator = new RootAllocator();
        QueryExecutor executor = new QueryExecutor(database, allocator.newChildAllocator("queries", 0, Long.MAX_VALUE),
                config.batchRows());
        QuiverFlightProducer producer = new QuiverFlightProducer(catalog, new RequestCompiler(catalog, config.limits()),
                executor);
        FlightServer flight = FlightServer.builder(allocator, Location.forGrpcInsecure(config.host(), config.port()), producer)
                .build().start();
        return new QuiverServer(allocator, database, flight);
    }

    private static Database embeddedDemo(long orders) throws SQLException {
        JdbcDatabase database = JdbcDatabase.embedded("quiver-" + UUID.randomUUID());
        loadDemo(database, orders);
        return database;
    }

    /** {@code --load-demo}: creates the demo tables where absent and fills them, unless they already hold rows. */
    private static void loadDemo(Database database, long orders) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            long existing = DemoShop.existingRows(connection);
            if (existing > 0) {
                LOG.info("demo tables already hold {} rows; not loading them again (drop them to reload)", existing);
                return;
            }
            DemoShop.load(connection, new DemoShop.Size(orders), DemoShop.SEED,
                    done -> LOG.info("demo data: {} of {} orders", done, orders));
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info("demo data ready in {}: {} orders in {} ms ({} orders/s)", database.kind(), orders, millis,
                orders * 1000 / millis);
    }

    public int port() {
        return flight.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        flight.awaitTermination();
    }

    @Override
    public void close() throws InterruptedException {
        flight.shutdown();
        flight.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        flight.close();
        database.close();
        allocator.getChildAllocators().forEach(BufferAllocator::close);
        allocator.close();
    }
}
