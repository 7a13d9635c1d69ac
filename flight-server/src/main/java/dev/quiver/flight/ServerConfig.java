package dev.quiver.flight;

import dev.quiver.flight.compile.QueryLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * How the server runs. Each setting is a flag, or an environment variable, or its default:
 *
 * @param host       {@code --host} / {@code QUIVER_HOST}: address to bind (default 127.0.0.1)
 * @param port       {@code --port} / {@code QUIVER_FLIGHT_PORT}: Flight gRPC port (default 50051)
 * @param sdl        {@code --sdl} / {@code QUIVER_SDL}: the SDL file mapping types to tables (default: the demo shop)
 * @param jdbcUrl    {@code --jdbc-url} / {@code QUIVER_JDBC_URL}: PostgreSQL to serve; absent = the embedded demo database
 * @param dbUser     {@code --db-user} / {@code QUIVER_DB_USER} (default quiver)
 * @param dbPassword {@code --db-password} / {@code QUIVER_DB_PASSWORD} (default quiver)
 * @param demoRows   {@code --demo-rows} / {@code QUIVER_DEMO_ROWS}: orders generated into the embedded database, or into
 *                   PostgreSQL with {@code --load-demo} (default 100,000)
 * @param batchRows  {@code --batch-rows} / {@code QUIVER_BATCH_ROWS}: rows per Arrow record batch (default 65,536)
 * @param limits     {@code --max-rows}, {@code --max-depth}, {@code --max-query-chars} (see {@link QueryLimits})
 * @param loadDemo   {@code --load-demo} / {@code QUIVER_LOAD_DEMO=true}: create the demo tables in the {@code --jdbc-url}
 *                   database where absent and, if they are empty, fill them with {@code demoRows} orders (the same
 *                   rows the embedded database gets); default false
 */
public record ServerConfig(String host, int port, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                           int batchRows, QueryLimits limits, boolean loadDemo) {
    static final String HELP = String.join("\n",
            "Usage: java -jar quiver-flight-server.jar [options]",
            "",
            "Serves GraphQL over Arrow Flight. Without --jdbc-url it generates the demo shop",
            "(users, products, orders, order_items) into an embedded database and serves that.",
            "",
            "Options (each also read from the environment variable in brackets):",
            "  --host ADDR            address to bind [QUIVER_HOST] (default 127.0.0.1)",
            "  --port N               Flight port [QUIVER_FLIGHT_PORT] (default 50051)",
            "  --sdl FILE             SDL mapping types to tables with @table/@column [QUIVER_SDL]",
            "                         (default: the demo shop schema)",
            "  --jdbc-url URL         serve this PostgreSQL, e.g. jdbc:postgresql://localhost:5432/quiver [QUIVER_JDBC_URL]",
            "  --db-user NAME         [QUIVER_DB_USER] (default quiver)",
            "  --db-password SECRET   [QUIVER_DB_PASSWORD] (default quiver)",
            "  --demo-rows N          orders in the demo data [QUIVER_DEMO_ROWS] (default 100000)",
            "  --load-demo            with --jdbc-url: create the demo shop tables where absent and, when they",
            "                         are empty, load --demo-rows orders into them with COPY (the same rows",
            "                         the embedded database gets; about 1M orders in well under a minute).",
            "                         Pick a schema with ?currentSchema=NAME in the URL [QUIVER_LOAD_DEMO=true]",
            "  --batch-rows N         rows per Arrow record batch [QUIVER_BATCH_ROWS] (default 65536)",
            "  --max-rows N           most rows one request may ask for [QUIVER_MAX_ROWS] (default 10000000)",
            "  --max-depth N          deepest selection nesting [QUIVER_MAX_DEPTH] (default 8)",
            "  --max-query-chars N    longest GraphQL text accepted [QUIVER_MAX_QUERY_CHARS] (default 100000)",
            "  --help                 this text",
            "",
            "Example: query it from Python",
            "  import pyarrow.flight as fl, json",
            "  c = fl.connect('grpc://localhost:50051')",
            "  t = c.do_get(fl.Ticket(json.dumps({'query': '{ orders(limit: 5) { id status total } }'}))).read_all()");

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("--batch-rows must be at least 1, got " + batchRows);
        }
        if (demoRows < 0) {
            throw new IllegalArgumentException("--demo-rows must be 0 or more, got " + demoRows);
        }
        if (loadDemo && jdbcUrl == null) {
            throw new IllegalArgumentException("--load-demo loads into the --jdbc-url database; without --jdbc-url the"
                    + " embedded database always has the demo data");
        }
    }

    /** A configuration without {@code --load-demo}. */
    public ServerConfig(String host, int port, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                        int batchRows, QueryLimits limits) {
        this(host, port, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, false);
    }

    /** Reads flags first, then the environment, then defaults; unknown flags are refused. */
    public static ServerConfig parse(String[] args, Function<String, String> env) {
        Map<String, String> flags = Flags.parse(args, java.util.Set.of("host", "port", "sdl", "jdbc-url", "db-user",
                "db-password", "demo-rows", "batch-rows", "max-rows", "max-depth", "max-query-chars", "load-demo"),
                java.util.Set.of("load-demo"));
        Function<String, String> value = name -> {
            String flag = flags.get(name);
            return flag != null ? flag : env.apply("QUIVER_" + (name.equals("port") ? "FLIGHT_PORT" : name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        };
        String sdl = value.apply("sdl");
        QueryLimits limits = new QueryLimits(
                number(value, "max-rows", QueryLimits.DEFAULTS.maxRows()),
                (int) number(value, "max-depth", QueryLimits.DEFAULTS.maxDepth()),
                (int) number(value, "max-query-chars", QueryLimits.DEFAULTS.maxQueryChars()));
        return new ServerConfig(
                or(value.apply("host"), "127.0.0.1"),
                (int) number(value, "port", 50051),
                sdl == null ? null : Path.of(sdl),
                value.apply("jdbc-url"),
                or(value.apply("db-user"), "quiver"),
                or(value.apply("db-password"), "quiver"),
                number(value, "demo-rows", 100_000),
                (int) number(value, "batch-rows", 65_536),
                limits,
                bool(value, "load-demo"));
    }

    private static boolean bool(Function<String, String> value, String name) {
        String text = value.apply(name);
        if (text == null || text.isBlank()) {
            return false;
        }
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException("--" + name + " is true or false, got '" + text + "'");
        }
    }

    private static long number(Function<String, String> value, String name, long fallback) {
        String text = value.apply(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
