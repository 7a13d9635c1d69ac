package dev.quiver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.cli.format.NonClosingOutputStream;
import dev.quiver.cli.format.OutputFormat;
import dev.quiver.cli.format.ResultWriter;
import dev.quiver.client.QueryRequest;
import dev.quiver.client.QueryResult;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.internal.JsonValues;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;

/**
 * Runs {@code quiver query} and {@code quiver mutate} once their options are parsed: checks the rest of the command
 * line first, then sends the request and writes its rows. A query is read with GetFlightInfo and DoGet and its rows
 * are streamed out; a mutation is one DoExchange ({@link QuiverClient#mutate}) whose answer, the changed row, is
 * written the same way.
 */
final class RequestRunner {
    private final String command;
    private final boolean mutation;
    private final CliIo io;

    /** {@code command} is {@code "query"} or {@code "mutate"}. */
    RequestRunner(String command, CliIo io) {
        this.command = command;
        this.mutation = command.equals("mutate");
        this.io = io;
    }

    /**
     * @param document      the positional arguments: the one GraphQL document ({@code -} or {@code @FILE} read it)
     * @param displayLimit  {@link OutputFormat#TABLE} only: rows to show, 0 for all
     * @param progressAsked {@code --progress} was given
     */
    int run(List<String> document, RequestOptions options, int displayLimit, boolean progressAsked,
            QuiverClientConfig config) throws IOException {
        QueryRequest request = request(document, options);
        OutputFormat format = options.format;
        if (displayLimit < 0) {
            throw new IllegalArgumentException("--limit-display: expected a row count (0 for all), got '"
                    + displayLimit + "'");
        }
        Path output = options.output;
        Terminal terminal = io.terminal();
        if (format.isBinary() && output == null && terminal.stdoutIsTerminal()) {
            throw new IllegalArgumentException("--format " + format.cliName() + " writes binary Arrow IPC data and"
                    + " standard output is a terminal; add --output FILE or pipe it (… | python3 -c '…')");
        }
        boolean streamsToTerminal = output == null && terminal.stdoutIsTerminal() && format != OutputFormat.TABLE;
        boolean progress = progressAsked || (terminal.stderrIsTerminal() && !streamsToTerminal);

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
        return ClientCommand.EXIT_OK;
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
            try (OutputStream out = output == null ? new NonClosingOutputStream(io.out())
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
                ? new ProgressReporter(io.err(), io.terminal().stderrIsTerminal(), io.nanoClock(), result.estimatedRows())
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

    private QueryRequest request(List<String> positionals, RequestOptions options) {
        if (positionals.isEmpty()) {
            throw new IllegalArgumentException("missing the " + what() + "; write it in single quotes: quiver "
                    + command + " '" + (mutation
                            ? "mutation { updateOrderStatus(id: \"1\", status: \"shipped\") { id status } }"
                            : "{ users(limit: 5) { id name } }") + "'");
        }
        if (positionals.size() > 1) {
            throw new IllegalArgumentException("unexpected argument '" + positionals.get(1)
                    + "'; quote the whole " + what() + " as one argument, in single quotes");
        }
        String query = readText(positionals.get(0), "the " + what());
        if (query.isBlank()) {
            throw new IllegalArgumentException("the " + what() + " is empty");
        }
        Map<String, Object> variables = Map.of();
        if (options.vars != null) {
            String json = readText(options.vars, "--vars");
            try {
                variables = JsonValues.parseObject(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("--vars: " + JsonValues.describe(e, json), e);
            }
        }
        return new QueryRequest(query, variables, options.operation);
    }

    private String what() {
        return mutation ? "mutation" : "query";
    }

    /** {@code -} reads standard input, {@code @FILE} a file, anything else is the text itself. */
    private String readText(String value, String what) {
        try {
            if (value.equals("-")) {
                return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
            }
            if (value.startsWith("@")) {
                return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " from " + value + ": " + e.getMessage(), e);
        }
        return value;
    }
}
