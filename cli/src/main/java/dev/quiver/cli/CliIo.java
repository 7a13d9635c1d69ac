package dev.quiver.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Where the client commands read and write: standard input, standard output as bytes (Arrow IPC is binary),
 * standard error for messages, whether those are terminals, and a clock for the progress display. Tests give their
 * own; {@link #system()} is the process's.
 */
record CliIo(InputStream in, OutputStream out, PrintStream err, Terminal terminal, LongSupplier nanoClock) {

    static CliIo system() {
        return new CliIo(System.in, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                Terminal.system(), System::nanoTime);
    }
}
