package dev.quiver.bridge.tools;

import dev.quiver.bridge.internal.Flags;
import dev.quiver.sinks.api.EventStreamContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * How {@code quiver events generate} runs. Each setting is a flag, or an environment variable, or its default.
 *
 * @param natsUrl       {@code --nats-url} / {@code QUIVER_NATS_URL} (default {@code nats://127.0.0.1:4222})
 * @param subjectPrefix {@code --subject-prefix}: events go to {@code <prefix>.<entity_type>.<event_type>}
 *                      (default {@value EventStreamContract#EVENTS_SUBJECT_PREFIX})
 * @param count         {@code --count}: events to publish (default 100,000)
 * @param rate          {@code --rate}: events per second, 0 = as fast as JetStream acknowledges (default 10,000)
 * @param payloadBytes  {@code --payload-bytes}: approximate size of each event's {@code data} (default 200)
 * @param entityType    {@code --entity-type} (default {@code Order})
 * @param maxInFlight   {@code --max-in-flight}: publishes awaiting their JetStream ack (default 2,000)
 * @param seed          {@code --seed}: makes the event ids and contents repeatable (default: random)
 * @param summaryJson   {@code --summary-json}: also write the summary to this file (default: none)
 */
public record GenerateConfig(String natsUrl, String subjectPrefix, long count, int rate, int payloadBytes,
                             String entityType, int maxInFlight, Long seed, Path summaryJson) {
    static final String HELP = String.join("\n",
            "Usage: quiver events generate [options]",
            "",
            "Publishes synthetic observer events to NATS JetStream (stream " + EventStreamContract.EVENTS_STREAM
                    + ", subjects",
            EventStreamContract.EVENTS_SUBJECT_PREFIX + ".<entity_type>.<event_type>) with "
                    + EventStreamContract.MESSAGE_ID_HEADER + " = event_id, at a steady rate, with a",
            "progress bar on stderr. It waits for every publish acknowledgement, so when it ends each event is",
            "stored in the stream. For tests and benchmarks of the event pipeline.",
            "",
            "Options:",
            "  --count N            events to publish (default 100000)",
            "  --rate N             events per second; 0 = as fast as acknowledged (default 10000)",
            "  --payload-bytes N    approximate size of each event's data JSON (default 200, max 1000000)",
            "  --entity-type NAME   entity type of the events (default Order)",
            "  --nats-url URL       [QUIVER_NATS_URL] (default nats://127.0.0.1:4222)",
            "  --subject-prefix P   (default " + EventStreamContract.EVENTS_SUBJECT_PREFIX + ")",
            "  --max-in-flight N    unacknowledged publishes at most (default 2000)",
            "  --seed N             repeatable ids and contents (default: random)",
            "  --summary-json FILE  also write the summary as JSON",
            "",
            "Example: quiver events generate --rate 10000 --count 1000000 --payload-bytes 512");

    private static final Set<String> FLAGS = Set.of("count", "rate", "payload-bytes", "entity-type", "nats-url",
            "subject-prefix", "max-in-flight", "seed", "summary-json");

    public GenerateConfig {
        if (count < 0) {
            throw new IllegalArgumentException("--count must be 0 or more, got " + count);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (unlimited) or more, got " + rate);
        }
        if (payloadBytes < 0 || payloadBytes > 1_000_000) {
            throw new IllegalArgumentException("--payload-bytes must be 0..1000000, got " + payloadBytes);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("--max-in-flight must be at least 1, got " + maxInFlight);
        }
        if (entityType == null || !entityType.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--entity-type must be a name like Order, got '" + entityType + "'");
        }
    }

    /** Reads the flags, falling back to {@code env} and the defaults. */
    public static GenerateConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = Flags.parse(args, FLAGS);
        String seed = flags.get("seed");
        String summary = flags.get("summary-json");
        return new GenerateConfig(
                flags.getOrDefault("nats-url", env.getOrDefault("QUIVER_NATS_URL", "nats://127.0.0.1:4222")),
                flags.getOrDefault("subject-prefix", EventStreamContract.EVENTS_SUBJECT_PREFIX),
                number(flags, "count", 100_000),
                (int) number(flags, "rate", 10_000),
                (int) number(flags, "payload-bytes", 200),
                flags.getOrDefault("entity-type", "Order"),
                (int) number(flags, "max-in-flight", 2_000),
                seed == null ? null : Long.parseLong(seed),
                summary == null ? null : Path.of(summary));
    }

    private static long number(Map<String, String> flags, String name, long fallback) {
        String value = flags.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }
}
