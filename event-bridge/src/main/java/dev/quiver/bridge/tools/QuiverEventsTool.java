package dev.quiver.bridge.tools;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The event side of the {@code quiver} command line tool: {@code client/bin/quiver events …} and
 * {@code quiver dlq …} run this with their whole command line. {@code events generate} publishes synthetic
 * events; {@code dlq list} shows dead letters; {@code dlq replay} publishes them again. Exit codes: 0 done,
 * 1 failed, 2 bad usage.
 */
public final class QuiverEventsTool {
    static final String HELP = String.join("\n",
            "Usage:",
            "  quiver events generate [options]   publish synthetic observer events",
            "  quiver dlq list [options]          show the dead letters, counted per sink and reason",
            "  quiver dlq replay [options]        publish dead letters again to their original subjects",
            "",
            "Event tools that talk to NATS JetStream directly (default nats://127.0.0.1:4222, env QUIVER_NATS_URL).",
            "'quiver <command> <subcommand> --help' shows a command's options.",
            "Exit status: 0 done, 1 NATS or JetStream failed (the message says what to do), 2 bad command line.");

    /** Replays of at least this many letters draw a progress bar on stderr. */
    private static final long PROGRESS_FROM = 100;

    private QuiverEventsTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(HELP);
            return args.length == 0 ? 2 : 0;
        }
        // "generate …" alone is the command line of older launchers: quiver events generate.
        String group = args[0].equals("generate") ? "events" : args[0];
        String[] rest = args[0].equals("generate") ? args : Arrays.copyOfRange(args, 1, args.length);
        String command = rest.length == 0 ? "" : rest[0];
        String[] options = rest.length == 0 ? rest : Arrays.copyOfRange(rest, 1, rest.length);
        String name = "quiver " + group + (command.isEmpty() ? "" : " " + command);
        boolean help = Arrays.asList(options).contains("--help") || Arrays.asList(options).contains("-h");
        try {
            switch (group + " " + command) {
                case "events generate" -> {
                    if (help) {
                        out.println(GenerateConfig.HELP);
                        return 0;
                    }
                    return generate(GenerateConfig.parse(options, env), out, err);
                }
                case "dlq list" -> {
                    if (help) {
                        out.println(DlqListConfig.HELP);
                        return 0;
                    }
                    return list(DlqListConfig.parse(options, env), out, err);
                }
                case "dlq replay" -> {
                    if (help) {
                        out.println(DlqReplayConfig.HELP);
                        return 0;
                    }
                    return replay(DlqReplayConfig.parse(options, env), out, err);
                }
                default -> {
                    if (command.equals("--help") || command.equals("-h")) {
                        out.println(HELP);
                        return 0;
                    }
                    if (command.isEmpty() && (group.equals("events") || group.equals("dlq"))) {
                        err.println("quiver " + group + ": which command? " + (group.equals("dlq")
                                ? "'quiver dlq list' or 'quiver dlq replay'" : "'quiver events generate'")
                                + "\n" + HELP);
                        return 2;
                    }
                    err.println("quiver: unknown command '" + String.join(" ", Arrays.copyOf(args,
                            Math.min(args.length, 2))) + "'\n" + HELP);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            err.println("Run '" + name + " --help' for usage.");
            return 2;
        }
    }

    private static Connection connect(String url) throws IOException, InterruptedException {
        // The default listener logs each failed connection attempt as SEVERE with a stack of JUL lines; the
        // failures that matter reach the command as exceptions, which it reports with what to do.
        // A lone publish's ack may take longer than jnats' default 5 s (its request clean-up interval, which is the
        // deadline of publishAsync) on a disk that syncs every write; batches carry their own deadline.
        Options options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
                .requestCleanupInterval(Duration.ofSeconds(30))
                .maxReconnects(10).errorListener(new ErrorListener() { }).build();
        return Nats.connect(options);
    }

    private static String unreachable(String command, String url, Exception e) {
        return "quiver " + command + ": cannot reach NATS at " + url + " (" + e.getMessage()
                + "); start it with scripts/services.sh up, or point --nats-url / QUIVER_NATS_URL at a running one";
    }

    private static int list(DlqListConfig config, PrintStream out, PrintStream err) {
        try (Connection nats = connect(config.natsUrl())) {
            DeadLetterStream stream = new DeadLetterStream(nats.jetStreamManagement(), config.stream());
            DeadLetterListing listing = new DeadLetterListing(config.sink(), config.limit());
            stream.forEach(listing::add);
            out.print(config.format() == DlqListConfig.Format.JSON ? listing.json(config.stream())
                    : listing.table(config.stream()));
            return 0;
        } catch (DlqToolException e) {
            err.println("quiver dlq list: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("quiver dlq list: interrupted");
            return 1;
        } catch (IOException e) {
            err.println(unreachable("dlq list", config.natsUrl(), e));
            return 1;
        }
    }

    private static int replay(DlqReplayConfig config, PrintStream out, PrintStream err) {
        try (Connection nats = connect(config.natsUrl())) {
            DeadLetterStream stream = new DeadLetterStream(nats.jetStreamManagement(), config.stream());
            DeadLetterReplayer replayer = new DeadLetterReplayer(nats.jetStream(), stream, err);
            ProgressBar[] bar = new ProgressBar[1];
            long[] replayed = new long[1];
            DeadLetterReplayer.Summary summary = replayer.replay(config, (done, total) -> {
                replayed[0] = done;
                if (bar[0] == null && total >= PROGRESS_FROM && !config.dryRun()) {
                    bar[0] = new ProgressBar(err, "replay", total);
                }
                if (bar[0] != null) {
                    bar[0].update(done);
                }
            });
            if (bar[0] != null) {
                bar[0].finish(replayed[0]);
            }
            out.println(summary.describe());
            return summary.failed() > 0 ? 1 : 0;
        } catch (DlqToolException e) {
            err.println("quiver dlq replay: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("quiver dlq replay: interrupted");
            return 1;
        } catch (IOException e) {
            err.println(unreachable("dlq replay", config.natsUrl(), e));
            return 1;
        }
    }

    private static int generate(GenerateConfig config, PrintStream out, PrintStream err) {
        try (Connection nats = connect(config.natsUrl())) {
            ProgressBar bar = new ProgressBar(err, "events", config.count());
            EventGenerator.Summary summary = new EventGenerator(nats, config).run(bar::update);
            bar.finish(summary.acknowledged());
            out.println(summary.toJson());
            if (config.summaryJson() != null) {
                try {
                    Files.writeString(config.summaryJson(), summary.toJson());
                } catch (IOException e) {
                    err.println("quiver events generate: cannot write " + config.summaryJson() + ": " + e.getMessage());
                    return 1;
                }
            }
            if (summary.firstError() != null) {
                err.println("quiver events generate: " + summary.firstError());
                return 1;
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("quiver events generate: interrupted");
            return 1;
        } catch (IOException e) {
            err.println(unreachable("events generate", config.natsUrl(), e));
            return 1;
        }
    }
}
