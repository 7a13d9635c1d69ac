package dev.quiver.settings;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;

/** Reads which environment variable an option takes its value from: the {@code ${env:NAME}} in its default. */
final class EnvVariables {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-.*)?}", Pattern.DOTALL);

    private EnvVariables() {
    }

    /** The variable named by {@code defaultValue = "${env:NAME:-fallback}"}, if the option declares one. */
    static Optional<String> of(ArgSpec option) {
        String declared = option.defaultValueString(false);
        if (declared == null) {
            return Optional.empty();
        }
        Matcher env = ENV_DEFAULT.matcher(declared.trim());
        return env.matches() ? Optional.of(env.group(1)) : Optional.empty();
    }
}
