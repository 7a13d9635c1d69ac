package dev.quiver.flight;

import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.server.QuiverFlightProducer;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.subscription.SubscriptionService;
import dev.quiver.flight.subscription.SubscriptionStats;
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
    private final SubscriptionService subscriptions;

    private QuiverServer(BufferAllocator allocator, Database database, FlightServer flight,
                         SubscriptionService subscriptions) {
        this.allocator = allocator;
        this.database = database;
        this.flight = flight;
        this.subscriptions = subscriptions;
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
        SubscriptionService subscriptions = SubscriptionService.start(config.subscriptions(), catalog.schema(),
                config.limits().maxQueryChars(), allocator);
        QuiverFlightProducer producer = new QuiverFlightProducer(catalog, new RequestCompiler(catalog, config.limits()),
                executor, subscriptions);
        FlightServer flight = FlightServer.builder(allocator, Location.forGrpcInsecure(config.host(), config.port()), producer)
                .build().start();
        return new QuiverServer(allocator, database, flight, subscriptions);
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

    public int port() {
        return flight.getPort();
    }

    /** Live subscription counts and gauges. */
    public SubscriptionStats subscriptionStats() {
        return subscriptions.stats();
    }

    public void awaitTermination() throws InterruptedException {
        flight.awaitTermination();
    }

    @Override
    public void close() throws InterruptedException {
        subscriptions.close(); // ends the endless streams first, or shutdown() would wait for them
        flight.shutdown();
        flight.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        flight.close();
        database.close();
        allocator.getChildAllocators().forEach(BufferAllocator::close);
        allocator.close();
    }
}
