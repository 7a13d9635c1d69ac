package dev.quiver.client.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: the command, its positional arguments and its options. Options may stand before or after
 * the command, as {@code --name value} or {@code --name=value}; {@code --} ends the options.
 *
 * @param command     {@code query}, {@code mutate}, {@code health}, {@code sdl}, {@code help}, or {@code null} when
 *                    none was given
 * @param positionals the arguments after the command
 * @param options     each given option with its value ({@code ""} for flags)
 */
record CliArgs(String command, List<String> positionals, Map<CliOption, String> options) {
    static final Set<String> COMMANDS = Set.of("query", "mutate", "health", "sdl", "help");

    boolean has(CliOption option) {
        return options.containsKey(option);
    }

    String get(CliOption option) {
        return options.get(option);
    }

    static CliArgs parse(String[] args) throws UsageException {
        String command = null;
        List<String> positionals = new ArrayList<>();
        Map<CliOption, String> options = new EnumMap<>(CliOption.class);
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
                i = parseOption(args, i, command, options);
            } else if (command == null) {
                command = arg;
                if (!COMMANDS.contains(command)) {
                    throw new UsageException(null, "unknown command '" + command + "'" + suggestCommand(command)
                            + "; the commands are query, mutate, health, sdl and help");
                }
            } else {
                positionals.add(arg);
            }
        }
        if (command != null) {
            for (CliOption option : options.keySet()) {
                if (!option.appliesTo(command)) {
                    throw new UsageException(command, "option " + option.longName()
                            + " does not apply to 'quiver " + command + "'");
                }
            }
        }
        return new CliArgs(command, List.copyOf(positionals), options);
    }

    private static int parseOption(String[] args, int i, String command, Map<CliOption, String> options)
            throws UsageException {
        String arg = args[i];
        String name = arg;
        String inlineValue = null;
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
            name = arg.substring(0, equals);
            inlineValue = arg.substring(equals + 1);
        }
        CliOption option = CliOption.byName(name);
        if (option == null) {
            CliOption close = CliOption.closest(name);
            throw new UsageException(command, "unknown option '" + name + "'"
                    + (close != null ? " (did you mean " + close.longName() + "?)" : ""));
        }
        if (options.containsKey(option)) {
            throw new UsageException(command, "option " + option.longName() + " is given twice");
        }
        if (!option.takesValue()) {
            if (inlineValue != null) {
                throw new UsageException(command, "option " + option.longName() + " takes no value");
            }
            options.put(option, "");
            return i;
        }
        if (inlineValue != null) {
            options.put(option, inlineValue);
            return i;
        }
        if (i + 1 >= args.length) {
            throw new UsageException(command, "option " + option.longName() + " needs a value: "
                    + option.longName() + " " + option.valueName());
        }
        options.put(option, args[i + 1]);
        return i + 1;
    }

    private static String suggestCommand(String command) {
        String best = null;
        int bestDistance = 3;
        for (String known : COMMANDS) {
            int d = CliOption.distance(command, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }
}
