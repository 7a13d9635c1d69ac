package dev.quiver.client.cli;

import java.util.Set;

/** Every option the tool knows: its spelling, its value (if any) and the commands it applies to. */
enum CliOption {
    SERVER("--server", null, "URI", true),
    USER("--user", null, "NAME", true),
    PASSWORD("--password", null, "SECRET", true),
    TOKEN("--token", null, "TOKEN", true),
    TRUSTED_CERT("--trusted-cert", null, "PEM_FILE", true),
    TIMEOUT("--timeout", null, "SECONDS", true),
    HELP("--help", "-h", null, true),
    VARS("--vars", null, "JSON", false, "query", "mutate"),
    OPERATION("--operation", null, "NAME", false, "query", "mutate"),
    FORMAT("--format", "-f", "FORMAT", false, "query", "mutate"),
    OUTPUT("--output", "-o", "FILE", false, "query", "mutate"),
    LIMIT_DISPLAY("--limit-display", null, "N", false, "query"),
    PROGRESS("--progress", null, null, false, "query");

    private final String longName;
    private final String shortName;
    private final String valueName;
    private final boolean everyCommand;
    private final Set<String> commands;

    CliOption(String longName, String shortName, String valueName, boolean everyCommand, String... commands) {
        this.longName = longName;
        this.shortName = shortName;
        this.valueName = valueName;
        this.everyCommand = everyCommand;
        this.commands = Set.of(commands);
    }

    String longName() {
        return longName;
    }

    boolean takesValue() {
        return valueName != null;
    }

    String valueName() {
        return valueName;
    }

    boolean appliesTo(String command) {
        return everyCommand || commands.contains(command);
    }

    /** The option spelled {@code name} ({@code --format} or {@code -f}), or {@code null}. */
    static CliOption byName(String name) {
        for (CliOption option : values()) {
            if (option.longName.equals(name) || name.equals(option.shortName)) {
                return option;
            }
        }
        return null;
    }

    /** The known option closest to a misspelled one, or {@code null} when none is close. */
    static CliOption closest(String name) {
        CliOption best = null;
        int bestDistance = 3;
        for (CliOption option : values()) {
            int d = distance(name, option.longName);
            if (d < bestDistance) {
                best = option;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
