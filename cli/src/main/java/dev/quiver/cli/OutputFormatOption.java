package dev.quiver.cli;

import dev.quiver.cli.format.OutputFormat;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --format}: the value's conversion ({@code table}, {@code csv}, {@code json}, {@code arrow}) and completion. */
final class OutputFormatOption {
    private OutputFormatOption() {
    }

    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            OutputFormat format = OutputFormat.fromCliName(value);
            if (format == null) {
                throw new TypeConversionException("unknown format '" + value + "'; use one of "
                        + OutputFormat.cliNames());
            }
            return format;
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(OutputFormat.values()).map(OutputFormat::cliName).iterator();
        }
    }
}
