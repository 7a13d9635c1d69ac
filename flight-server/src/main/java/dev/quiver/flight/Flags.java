package dev.quiver.flight;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} flags; unknown names are refused with the list of known ones.
 * A switch stands alone ({@code --load-demo} means {@code true}) or takes {@code =value}.
 */
final class Flags {
    private Flags() {
    }

    static Map<String, String> parse(String[] args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    static Map<String, String> parse(String[] args, Set<String> known, Set<String> switches) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with -- (see --help)");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (switches.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value (see --help)");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: --" + String.join(", --", new java.util.TreeSet<>(known)));
            }
            flags.put(name, value);
        }
        return flags;
    }
}
