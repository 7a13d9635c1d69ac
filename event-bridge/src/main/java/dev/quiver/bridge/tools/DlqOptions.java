package dev.quiver.bridge.tools;

import dev.quiver.bridge.internal.Flags;
import dev.quiver.sinks.api.EventStreamContract;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Command-line parsing shared by the {@code quiver dlq} commands: valued flags plus on/off switches. */
final class DlqOptions {
    static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
    static final String DEFAULT_STREAM = EventStreamContract.DLQ_STREAM;

    private final Map<String, String> values;
    private final Set<String> switches;

    private DlqOptions(Map<String, String> values, Set<String> switches) {
        this.values = values;
        this.switches = switches;
    }

    /**
     * @throws IllegalArgumentException for an unknown option, a missing value or a stray argument
     */
    static DlqOptions parse(String[] args, Set<String> valued, Set<String> switchNames) {
        ArrayList<String> rest = new ArrayList<>();
        Set<String> on = new TreeSet<>();
        for (String arg : args) {
            if (arg.startsWith("--") && switchNames.contains(arg.substring(2))) {
                if (!on.add(arg.substring(2))) {
                    throw new IllegalArgumentException(arg + " is given twice");
                }
            } else {
                rest.add(arg);
            }
        }
        Set<String> all = new TreeSet<>(valued);
        all.addAll(switchNames);
        for (String arg : rest) {
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2).split("=", 2)[0];
                if (!valued.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: --"
                            + String.join(", --", all));
                }
            }
        }
        return new DlqOptions(Flags.parse(rest.toArray(String[]::new), valued), on);
    }

    String natsUrl(Map<String, String> env) {
        return values.getOrDefault("nats-url", env.getOrDefault("QUIVER_NATS_URL", DEFAULT_NATS_URL));
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean on(String name) {
        return switches.contains(name);
    }

    long number(String name, long fallback) {
        String value = values.get(name);
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
