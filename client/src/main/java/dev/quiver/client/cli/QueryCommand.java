package dev.quiver.client.cli;

import dev.quiver.client.QueryRequest;
import dev.quiver.client.QueryResult;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.cli.format.OutputFormat;
import dev.quiver.client.cli.format.ResultWriter;
import dev.quiver.client.internal.JsonParseException;
import dev.quiver.client.internal.JsonReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/** {@code quiver query}: checks the whole command line first, then runs the query and writes its rows. */
final class QueryCommand {
    static final int DEFAULT_DISPLAY_LIMIT = 100;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private final Terminal terminal;
    private final LongSupplier nanoClock;

    QueryCommand(InputStream stdin, OutputStream stdout, PrintStream stderr, Terminal terminal, LongSupplier nanoClock) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    int run(CliArgs args, QuiverClientConfig config) throws UsageException, IOException {
        QueryRequest request = request(args);
        OutputFormat format = format(args);
        int displayLimit = displayLimit(args);
        Path output = args.has(CliOption.OUTPUT) ? Path.of(args.get(CliOption.OUTPUT)) : null;
        if (format.isBinary() && output == null && terminal.stdoutIsTerminal()) {
            throw new UsageException("query", "--format " + format.cliName() + " writes binary Arrow IPC data and"
                    + " standard output is a terminal; add --output FILE or pipe it (… | python3 -c '…')");
        }
        boolean streamsToTerminal = output == null && terminal.stdoutIsTerminal() && format != OutputFormat.TABLE;
        boolean progress = args.has(CliOption.PROGRESS) || (terminal.stderrIsTerminal() && !streamsToTerminal);

        try (QuiverClient client = QuiverClient.connect(config);
                QueryResult result = client.query(request)) {
            write(client, result, format, displayLimit, output, progress);
        }
        return QuiverCli.EXIT_OK;
    }

    private void write(QuiverClient client, QueryResult result, OutputFormat format, int displayLimit, Path output,
            boolean progress) throws IOException {
        try {
            // the file is created only once the server accepted the query
            try (OutputStream out = output == null ? new dev.quiver.client.cli.format.NonClosingOutputStream(stdout)
                    : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
                    ResultWriter writer = format.open(out, client.allocator(), displayLimit)) {
                ProgressReporter reporter = progress
                        ? new ProgressReporter(stderr, terminal.stderrIsTerminal(), nanoClock, result.estimatedRows())
                        : null;
                writer.start(result.schema());
                for (VectorSchemaRoot batch : result) {
                    writer.write(batch);
                    if (reporter != null) {
                        reporter.update(result.rowsRead());
                    }
                }
                if (reporter != null) {
                    reporter.finish(result.rowsRead());
                }
                writer.finish();
            }
        } catch (IOException | RuntimeException e) {
            if (output != null) {
                Files.deleteIfExists(output); // no half-written file that looks complete
            }
            throw e;
        }
    }

    private QueryRequest request(CliArgs args) throws UsageException {
        List<String> positionals = args.positionals();
        if (positionals.isEmpty()) {
            throw new UsageException("query", "missing the query; write it in single quotes:"
                    + " quiver query '{ users(limit: 5) { id name } }'");
        }
        if (positionals.size() > 1) {
            throw new UsageException("query", "unexpected argument '" + positionals.get(1)
                    + "'; quote the whole query as one argument, in single quotes");
        }
        String query = readText(positionals.get(0), "the query");
        if (query.isBlank()) {
            throw new UsageException("query", "the query is empty");
        }
        Map<String, Object> variables = Map.of();
        if (args.has(CliOption.VARS)) {
            String json = readText(args.get(CliOption.VARS), "--vars");
            try {
                variables = JsonReader.parseObject(json);
            } catch (JsonParseException e) {
                throw new UsageException("query", "--vars: " + e.getMessage());
            }
        }
        String operation = args.has(CliOption.OPERATION) ? args.get(CliOption.OPERATION) : null;
        return new QueryRequest(query, variables, operation);
    }

    /** {@code -} reads standard input, {@code @FILE} a file, anything else is the text itself. */
    private String readText(String value, String what) throws UsageException {
        try {
            if (value.equals("-")) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (value.startsWith("@")) {
                return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UsageException("query", "cannot read " + what + " from " + value + ": " + e.getMessage());
        }
        return value;
    }

    private static OutputFormat format(CliArgs args) throws UsageException {
        if (!args.has(CliOption.FORMAT)) {
            return OutputFormat.TABLE;
        }
        OutputFormat format = OutputFormat.fromCliName(args.get(CliOption.FORMAT));
        if (format == null) {
            throw new UsageException("query", "--format: unknown format '" + args.get(CliOption.FORMAT)
                    + "'; use one of " + OutputFormat.cliNames());
        }
        return format;
    }

    private static int displayLimit(CliArgs args) throws UsageException {
        if (!args.has(CliOption.LIMIT_DISPLAY)) {
            return DEFAULT_DISPLAY_LIMIT;
        }
        String text = args.get(CliOption.LIMIT_DISPLAY);
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("query", "--limit-display: expected a row count (0 for all), got '" + text + "'");
    }
}
