package dev.quiver.bridge.tools;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;

/**
 * The event side of the {@code quiver} command line tool ({@code client/bin/quiver events …} runs this):
 * {@code events generate} publishes synthetic events. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class QuiverEventsTool {
    static final String HELP = String.join("\n",
            "Usage: quiver events generate [options]   publish synthetic observer events (--help for options)",
            "",
            "Event tools that talk to NATS JetStream directly.");

    private QuiverEventsTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (!args[0].equals("generate")) {
            err.println("quiver events: unknown command '" + args[0] + "'\n" + HELP);
            return 2;
        }
        if (Arrays.asList(rest).contains("--help")) {
            out.println(GenerateConfig.HELP);
            return 0;
        }
        GenerateConfig config;
        try {
            config = GenerateConfig.parse(rest, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("quiver events generate: " + e.getMessage());
            return 2;
        }
        return generate(config, out, err);
    }

    private static int generate(GenerateConfig config, PrintStream out, PrintStream err) {
        Options options = new Options.Builder().server(config.natsUrl()).connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(10).build();
        try (Connection nats = Nats.connect(options)) {
            ProgressBar bar = new ProgressBar(err, "events", config.count());
            EventGenerator.Summary summary = new EventGenerator(nats, config).run(bar::update);
            bar.finish(summary.acknowledged());
            out.println(summary.toJson());
            if (config.summaryJson() != null) {
                Files.writeString(config.summaryJson(), summary.toJson());
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
        } catch (java.io.IOException e) {
            err.println("quiver events generate: cannot reach NATS at " + config.natsUrl() + " (" + e.getMessage()
                    + "); start it with scripts/services.sh up");
            return 1;
        }
    }
}
