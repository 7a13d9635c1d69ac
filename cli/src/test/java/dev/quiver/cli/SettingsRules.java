package dev.quiver.cli;

import dev.quiver.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings conventions (helpers/SETTINGS-API.md) as checks over a command tree's declared settings. Each check
 * returns the broken declarations, one line each naming the command, the flag and the variable; empty when all hold.
 */
final class SettingsRules {
    private static final List<String> UNIT_SUFFIXES = List.of("-ms", "-seconds", "-minutes");

    private final List<Setting> settings;

    SettingsRules(List<Setting> settings) {
        this.settings = List.copyOf(settings);
    }

    /** Every option reads a {@code QUIVER_*} variable. */
    List<String> withoutQuiverEnvVariable() {
        return settings.stream().filter(s -> !s.envVariable().startsWith("QUIVER_"))
                .map(s -> describe(s) + " reads " + (s.envVariable().isEmpty() ? "no environment variable"
                        : "'" + s.envVariable() + "', not a QUIVER_* one"))
                .toList();
    }

    /** Every option says what it does. */
    List<String> withoutDescription() {
        return settings.stream().filter(s -> s.description().isBlank()).map(s -> describe(s) + " has no description")
                .toList();
    }

    /** One environment variable belongs to one flag name across the tree. */
    List<String> envVariablesWithSeveralFlags() {
        List<String> broken = new ArrayList<>();
        group(settings, Setting::envVariable).forEach((env, declared) -> {
            Set<String> names = declared.stream().map(Setting::longName).collect(Collectors.toCollection(LinkedHashSet::new));
            if (!env.isEmpty() && names.size() > 1) {
                broken.add(env + " is read by different flags: " + list(declared));
            }
        });
        return broken;
    }

    /**
     * A flag name used by several commands reads one shared variable; a command may instead give it a variable of
     * its own program ({@code QUIVER_<PROGRAM>_...}, e.g. the bridge's {@code --http-port} reads
     * {@code QUIVER_BRIDGE_HTTP_PORT}).
     */
    List<String> flagsWithSeveralSharedEnvVariables() {
        List<String> broken = new ArrayList<>();
        group(settings, Setting::longName).forEach((name, declared) -> {
            List<Setting> shared = declared.stream().filter(s -> !isProgramScoped(s)).toList();
            Set<String> envs = shared.stream().map(Setting::envVariable).collect(Collectors.toCollection(LinkedHashSet::new));
            if (envs.size() > 1) {
                broken.add(name + " reads different variables in different commands (give them one, or a"
                        + " QUIVER_<PROGRAM>_ one): " + list(shared));
            }
        });
        return broken;
    }

    /** Wherever one variable is read, it has the same type and the same default. */
    List<String> envVariablesWithDifferentTypeOrDefault() {
        List<String> broken = new ArrayList<>();
        group(settings, Setting::envVariable).forEach((env, declared) -> {
            Set<String> kinds = declared.stream().map(s -> s.type() + " default '" + s.defaultValue() + "'")
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (!env.isEmpty() && kinds.size() > 1) {
                broken.add(env + " has different types or defaults: " + declared.stream()
                        .map(s -> describe(s) + " " + s.type() + " default '" + s.defaultValue() + "'")
                        .collect(Collectors.joining("; ")));
            }
        });
        return broken;
    }

    /** A duration is a {@code Duration} option ({@code 250ms}, {@code 2m}), not a number with the unit in its name. */
    List<String> flagsWithAUnitInTheName() {
        return settings.stream().filter(s -> UNIT_SUFFIXES.stream().anyMatch(s.longName()::endsWith))
                .map(s -> describe(s) + " has a unit in its name; make it a Duration option without the suffix")
                .toList();
    }

    /** {@code QUIVER_<PROGRAM>_...}: the variable belongs to the program (the first command below the root). */
    static boolean isProgramScoped(Setting setting) {
        String[] path = setting.commandPath().split(" ");
        if (path.length < 2) {
            return false;
        }
        String program = path[1].toUpperCase(Locale.ROOT).replace('-', '_');
        return setting.envVariable().startsWith("QUIVER_" + program + "_");
    }

    private static String describe(Setting setting) {
        return "'" + setting.commandPath() + " " + setting.longName() + "'";
    }

    private static String list(List<Setting> declared) {
        return declared.stream().map(s -> describe(s) + " -> " + s.envVariable()).collect(Collectors.joining(", "));
    }

    private static Map<String, List<Setting>> group(List<Setting> settings,
            java.util.function.Function<Setting, String> key) {
        Map<String, List<Setting>> groups = new LinkedHashMap<>();
        settings.forEach(s -> groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s));
        return groups;
    }
}
