package dev.quiver.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.client.QueryRequest;
import dev.quiver.client.QueryResult;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.cli.format.OutputFormat;
import dev.quiver.client.cli.format.ResultWriter;
import dev.quiver.client.internal.JsonValues;
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
import org.apache.arrow.vector.table.Table;

/**
 * {@code quiver query} and {@code quiver mutate}: checks the whole command line first, then runs the request and
 * writes its rows. A query is read with GetFlightInfo and DoGet and its rows are streamed out; a mutation is one
 * DoExchange ({@link QuiverClient#mutate}) whose answer, the changed row, is written the same way.
 */
final class QueryCommand {
    static final int DEFAULT_DISPLAY_LIMIT = 100;

    private final String command;
    private final boolean mutation;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private final Terminal terminal;
    private final LongSupplier nanoClock;

    /** {@code command} is {@code "query"} or {@code "mutate"}. */
    QueryCommand(String command, InputStream stdin, OutputStream stdout, PrintStream stderr, Terminal terminal,
            LongSupplier nanoClock) {
        this.command = command;
        this.mutation = command.equals("mutate");
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
            throw new UsageException(command, "--format " + format.cliName() + " writes binary Arrow IPC data and"
                    + " standard output is a terminal; add --output FILE or pipe it (… | python3 -c '…')");
        }
        boolean streamsToTerminal = output == null && terminal.stdoutIsTerminal() && format != OutputFormat.TABLE;
        boolean progress = args.has(CliOption.PROGRESS) || (terminal.stderrIsTerminal() && !streamsToTerminal);

        try (QuiverClient client = QuiverClient.connect(config)) {
            if (mutation) {
                try (Table changed = client.mutate(request);
                        VectorSchemaRoot rows = changed.toVectorSchemaRoot()) {
                    write(client, format, displayLimit, output, writer -> {
                        writer.start(rows.getSchema());
                        writer.write(rows);
                        writer.finish();
                    });
                }
            } else {
                try (QueryResult result = client.query(request)) {
                    write(client, format, displayLimit, output, writer -> writeStreamed(writer, result, progress));
                }
            }
        }
        return QuiverCli.EXIT_OK;
    }

    /** Writes the rows into a writer of the chosen format. */
    @FunctionalInterface
    private interface Rows {
        void writeTo(ResultWriter writer) throws IOException;
    }

    private void write(QuiverClient client, OutputFormat format, int displayLimit, Path output, Rows rows)
            throws IOException {
        try {
            // the file is created only once the server accepted the request
            try (OutputStream out = output == null ? new dev.quiver.client.cli.format.NonClosingOutputStream(stdout)
                    : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
                    ResultWriter writer = format.open(out, client.allocator(), displayLimit)) {
                rows.writeTo(writer);
            }
        } catch (IOException | RuntimeException e) {
            if (output != null) {
                Files.deleteIfExists(output); // no half-written file that looks complete
            }
            throw e;
        }
    }

    private void writeStreamed(ResultWriter writer, QueryResult result, boolean progress) throws IOException {
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

    private QueryRequest request(CliArgs args) throws UsageException {
        List<String> positionals = args.positionals();
        if (positionals.isEmpty()) {
            throw new UsageException(command, "missing the " + what() + "; write it in single quotes: quiver "
                    + command + " '" + (mutation
                            ? "mutation { updateOrderStatus(id: \"1\", status: \"shipped\") { id status } }"
                            : "{ users(limit: 5) { id name } }") + "'");
        }
        if (positionals.size() > 1) {
            throw new UsageException(command, "unexpected argument '" + positionals.get(1)
                    + "'; quote the whole " + what() + " as one argument, in single quotes");
        }
        String query = readText(positionals.get(0), "the " + what());
        if (query.isBlank()) {
            throw new UsageException(command, "the " + what() + " is empty");
        }
        Map<String, Object> variables = Map.of();
        if (args.has(CliOption.VARS)) {
            String json = readText(args.get(CliOption.VARS), "--vars");
            try {
                variables = JsonValues.parseObject(json);
            } catch (JsonProcessingException e) {
                throw new UsageException(command, "--vars: " + JsonValues.describe(e, json));
            }
        }
        String operation = args.has(CliOption.OPERATION) ? args.get(CliOption.OPERATION) : null;
        return new QueryRequest(query, variables, operation);
    }

    private String what() {
        return mutation ? "mutation" : "query";
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
            throw new UsageException(command, "cannot read " + what + " from " + value + ": " + e.getMessage());
        }
        return value;
    }

    private OutputFormat format(CliArgs args) throws UsageException {
        if (!args.has(CliOption.FORMAT)) {
            return OutputFormat.TABLE;
        }
        OutputFormat format = OutputFormat.fromCliName(args.get(CliOption.FORMAT));
        if (format == null) {
            throw new UsageException(command, "--format: unknown format '" + args.get(CliOption.FORMAT)
                    + "'; use one of " + OutputFormat.cliNames());
        }
        return format;
    }

    private int displayLimit(CliArgs args) throws UsageException {
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
        throw new UsageException(command, "--limit-display: expected a row count (0 for all), got '" + text + "'");
    }
}
