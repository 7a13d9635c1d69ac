package dev.quiver.client.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Runs {@link QuiverCli} in-process with captured streams, a given environment and terminal, and a fake clock. */
final class CliRunner {
    private Map<String, String> env = Map.of();
    private Terminal terminal = Terminal.fixed(false, false);
    private String stdin = "";
    private final AtomicLong nanos = new AtomicLong();
    private long nanosPerRead;

    CliRunner env(Map<String, String> env) {
        this.env = env;
        return this;
    }

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
        int status = new QuiverCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, errStream,
                env, terminal, () -> nanos.addAndGet(nanosPerRead)).run(args);
        errStream.flush();
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }
}
