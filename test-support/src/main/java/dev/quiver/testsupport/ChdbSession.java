package dev.quiver.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A session of a current ClickHouse: chdb-core's embedded engine (the version pinned in
 * {@code test-support/src/main/python/requirements.txt}) in a Python child process, {@code chdb_session.py} beside
 * it. It runs SQL and reads insert payloads from files but listens on no port, so it executes our DDL, payloads and
 * queries on a current server generation where the machines can only install an old one; it does not exercise the
 * HTTP client. Needs the repository's {@code .venv} with chdb-core: {@value #FIX}. Always close it: the child ends
 * and the session's directory is deleted.
 */
public final class ChdbSession implements AutoCloseable {
    static final Path PYTHON = Path.of(".venv", "bin", "python");
    static final Path SCRIPT = Path.of("test-support", "src", "main", "python", "chdb_session.py");
    static final String FIX = "run scripts/python-venv.sh (make test runs it before mvn verify)";
    /** A safety net against a hung child, far above any answer of a test's small tables. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** ClickHouse refused a statement; the message is ClickHouse's. */
    public static final class SqlException extends RuntimeException {
        SqlException(String message) {
            super(message);
        }
    }

    private final Path directory;
    private final Path log;
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "chdb-answers");
        thread.setDaemon(true);
        return thread;
    });
    private final String version;
    private int files;

    private ChdbSession(Path directory, Process process) throws IOException {
        this.directory = directory;
        this.log = directory.resolve("chdb.log");
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        JsonNode ready = next("starting chdb");
        if (!ready.has("ready")) {
            throw new IllegalStateException(ready.path("error").asText(ready.toString()) + "; " + FIX);
        }
        this.version = ready.get("ready").asText();
    }

    /**
     * Starts a session in a new temporary directory.
     *
     * @throws IllegalStateException naming {@value #FIX} when {@code .venv} or chdb-core is missing
     */
    public static ChdbSession start() throws IOException {
        Path root = RepoRoot.find();
        Path python = root.resolve(PYTHON);
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException(python + " is missing: the tests that run SQL on a current ClickHouse"
                    + " (chdb) need it; " + FIX);
        }
        Path directory = Files.createTempDirectory("quiver-chdb-");
        Files.createDirectories(directory.resolve("files"));
        Process process = new ProcessBuilder(python.toString(), root.resolve(SCRIPT).toString(),
                directory.resolve("data").toString())
                .redirectError(directory.resolve("chdb.log").toFile())
                .start();
        try {
            return new ChdbSession(directory, process);
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            deleteRecursively(directory);
            throw e;
        }
    }

    /** The chdb-core version this session runs. */
    public String version() {
        return version;
    }

    /**
     * Runs one statement.
     *
     * @return its answer: TabSeparated text unless the statement names a {@code FORMAT}; empty for DDL
     * @throws SqlException with ClickHouse's message when the engine refuses it
     */
    public String query(String sql) {
        JsonNode answer;
        try {
            requests.write(JSON.writeValueAsString(Map.of("sql", sql)));
            requests.newLine();
            requests.flush();
            answer = next("`" + sql + "`");
        } catch (IOException e) {
            throw new UncheckedIOException("chdb session failed on `" + sql + "`: " + e.getMessage() + tail(), e);
        }
        if (answer.has("error")) {
            throw new SqlException("chdb " + version + " refused `" + abbreviate(sql) + "`: "
                    + answer.get("error").asText());
        }
        return answer.get("answer").asText();
    }

    /**
     * {@code INSERT INTO table (columns) FROM INFILE ... FORMAT format} of {@code payload}: the statement a client
     * sends with the payload as its body.
     */
    public void insert(String qualifiedTable, List<String> columns, String format, byte[] payload) {
        Path file = directory.resolve("files").resolve("insert-" + (++files) + "." + format);
        try {
            Files.write(file, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        query("INSERT INTO " + qualifiedTable + " (" + String.join(", ", columns) + ") FROM INFILE '"
                + file.toString().replace("\\", "\\\\").replace("'", "\\'") + "' FORMAT " + format);
    }

    /** Ends the child (its end of input) and deletes the session's directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            requests.close();
            if (!process.waitFor(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("chdb session did not end within " + ANSWER_TIMEOUT + tail());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("chdb session exited with " + process.exitValue() + tail());
            }
        } finally {
            reader.shutdownNow();
            deleteRecursively(directory);
        }
    }

    private JsonNode next(String what) throws IOException {
        Future<String> line = reader.submit(answers::readLine);
        String text;
        try {
            text = line.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("no answer from chdb to " + what + " within " + ANSWER_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IOException("reading chdb's answer to " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for chdb's answer to " + what, e);
        }
        if (text == null) {
            throw new IOException("chdb ended before answering " + what + tail());
        }
        return JSON.readTree(text);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "; its stderr ends:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "; its stderr (" + log + ") is unreadable: " + e;
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 2_000 ? sql : sql.substring(0, 2_000) + "…";
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
