package dev.quiver.flight.mutation;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.outbox.OutboxStore;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.testing.Plans;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** The demo shop (20 orders) in a private embedded database, with a mutation compiler and executor on it. */
final class ShopFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456Z");
    static final long ORDERS = 20;

    final JdbcDatabase database = JdbcDatabase.embedded("mutations-" + UUID.randomUUID());
    final Catalog catalog = new CatalogLoader().load(DemoShop.sdl());
    final RequestPlanner compiler = new RequestPlanner(catalog, QueryLimits.DEFAULTS);
    final BufferAllocator allocator = new RootAllocator();
    final OutboxStore outbox = new OutboxStore(EventsConfig.relayOff());
    final MutationExecutor executor;
    int commits;

    ShopFixture() throws SQLException {
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(ORDERS), 7L, done -> { });
            outbox.createTable(connection);
        }
        executor = new MutationExecutor(database, allocator, outbox, Clock.fixed(NOW, ZoneOffset.UTC), () -> commits++);
    }

    MutationPlan compile(String query, Map<String, Object> variables) {
        return Plans.mutation(compiler, new GraphQLRequest(query, variables, null));
    }

    MutationResult run(String query) {
        return run(query, Map.of(), Actor.ANONYMOUS);
    }

    MutationResult run(String query, Map<String, Object> variables, Actor actor) {
        return executor.execute(compile(query, variables), actor);
    }

    /** The outbox payloads in row order. */
    List<String> outboxPayloads() throws SQLException {
        return strings("SELECT payload FROM quiver_outbox ORDER BY id");
    }

    List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    @Override
    public void close() {
        allocator.close();
        database.close();
    }
}
