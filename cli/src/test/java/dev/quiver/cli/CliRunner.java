package dev.quiver.cli;

import dev.quiver.settings.QuiverCommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * Runs the {@code quiver} command in-process, built as {@link QuiverMain} builds it, with captured streams, a given
 * terminal and a fake clock. The environment is the real one (picocli reads it); tests give settings as flags.
 */
final class CliRunner {
    private Terminal terminal = Terminal.fixed(false, false);
    private String stdin = "";
    private final AtomicLong nanos = new AtomicLong();
    private long nanosPerRead;

    CliRunner terminal(boolean stdout, boolean stderr) {
        this.terminal = Terminal.fixed(stdout, stderr);
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** Every clock read advances the fake clock by this much. */
    CliRunner clockStep(long nanos) {
        this.nanosPerRead = nanos;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CliIo io = new CliIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, errStream,
                terminal, () -> nanos.addAndGet(nanosPerRead));
        CommandLine commandLine = QuiverCommandLine.of(new QuiverCommand(io));
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(errStream, true);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        int status = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        errStream.flush();
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }
}
