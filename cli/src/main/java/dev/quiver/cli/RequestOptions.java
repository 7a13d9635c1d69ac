package dev.quiver.cli;

import dev.quiver.cli.format.OutputFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code quiver query} and {@code quiver mutate} share: variables, operation, format, output file. */
public final class RequestOptions {

    @Option(names = "--vars", paramLabel = "JSON", // this request's own: never from a variable left in a shell
            description = "Variables as a JSON object, or @FILE to read them from a file.")
    String vars;

    @Option(names = "--operation", paramLabel = "NAME",
            description = "The operation to run when the document holds several.")
    String operation;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "${env:QUIVER_FORMAT:-table}",
            converter = OutputFormatOption.Converter.class, completionCandidates = OutputFormatOption.Names.class,
            description = {"table: aligned columns for reading;",
                    "csv: RFC 4180, header row, CRLF line ends, null as an empty field;",
                    "json: JSON Lines, one object per row;",
                    "arrow: Arrow IPC stream, binary: needs --output or a pipe."})
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of standard output (created once the server accepted the request).")
    Path output;
}
