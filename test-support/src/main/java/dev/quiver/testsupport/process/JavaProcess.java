package dev.quiver.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quiver service (flight-server, event-bridge) running as a child JVM so a test can SIGKILL, freeze and restart it
 * like a real deployment, and read its memory and metrics from outside. Always close it: {@link #close()} kills
 * whatever is still running.
 */
public final class JavaProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final JavaProcessSpec spec;
    private final Path log;
    private final Process process;

    private JavaProcess(JavaProcessSpec spec, Path log, Process process) {
        this.spec = spec;
        this.log = log;
        this.process = process;
    }

    /** Starts the process (output appended to its log file). */
    public static JavaProcess start(JavaProcessSpec spec) {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.jar() + " is missing; build it first (mvn -B -ntp package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmArgs());
        command.add("-jar");
        command.add(spec.jar().toString());
        command.addAll(spec.args());
        try {
            Files.createDirectories(spec.logDir());
            Path log = spec.logDir().resolve(spec.name() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(spec.env());
            return new JavaProcess(spec, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code url} answers HTTP 200.
     *
     * @throws IllegalStateException naming the log file when the process exits or the time runs out
     */
    public JavaProcess awaitHealthy(URI url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue() + " before " + url
                        + " answered; see " + log + ":\n" + tail(20));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(spec.name() + ": " + url + " did not answer 200 within " + timeout + " (" + last
                + "); see " + log + ":\n" + tail(20));
    }

    /**
     * Waits until the process's log holds a match of {@code pattern} (e.g. a banner naming the port it chose) and
     * returns the first one.
     *
     * @throws IllegalStateException naming the log file when the process exits or the time runs out
     */
    public MatchResult awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher match = pattern.matcher(readLog());
            if (match.find()) {
                return match.toMatchResult();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue() + " before its log"
                        + " showed " + pattern + "; see " + log + ":\n" + tail(20));
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(spec.name() + ": its log did not show " + pattern + " within " + timeout
                        + "; see " + log + ":\n" + tail(20));
            }
            Thread.sleep(50); // the log is a file: polled, like awaitHealthy's URL
        }
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log " + log + " of " + spec.name(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return spec.name();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the service drains and exits), then waits up to {@code timeout}; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(spec.name() + " did not exit within " + timeout + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** SIGSTOP: the process keeps its sockets but does nothing until {@link #resume()}. */
    public void pause() throws InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws InterruptedException {
        signal("CONT");
    }

    /** Resident set size in bytes, from {@code /proc/<pid>/status}. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the RSS of " + spec.name() + " (pid " + pid() + ")", e);
        }
    }

    /**
     * The live heap, in bytes: what the process really retains (a leak shows as this growing from sample to
     * sample). {@code jcmd <pid> GC.class_histogram} runs a full collection and sums the objects still reachable in
     * the same pause, so unlike {@code GC.run} followed by {@code GC.heap_info} it does not count what a busy
     * process allocates between the two commands (tens of MiB under a burst).
     */
    public long postGcHeapBytes() throws InterruptedException {
        return HeapInfo.histogramTotalBytes(jcmd("GC.class_histogram"));
    }

    /** Heap in use now (live and not yet collected), in bytes, from {@code jcmd <pid> GC.heap_info}. */
    public long heapUsedBytes() throws InterruptedException {
        return HeapInfo.usedBytes(jcmd("GC.heap_info"));
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private String jcmd(String command) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(30, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid() + " " + command + " failed for " + spec.name() + ": "
                        + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd + " (a JDK, not a JRE, is needed)", e);
        }
    }

    private void signal(String name) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            signal("CONT"); // a frozen process cannot die of SIGTERM
            kill();
        }
    }
}
