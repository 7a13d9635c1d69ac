package dev.quiver.settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Lists every setting a command tree declares, for the checks that keep names consistent and for docs. */
public final class Settings {
    private static final Pattern FALLBACK = Pattern.compile("\\$\\{env:[A-Za-z0-9_]+(?::-(.*))?}", Pattern.DOTALL);

    private Settings() {
    }

    /** Every option of {@code commandLine} and its subcommands, depth first, help and version options left out. */
    public static List<Setting> declaredIn(CommandLine commandLine) {
        List<Setting> settings = new ArrayList<>();
        collect(commandLine, settings);
        return settings;
    }

    private static void collect(CommandLine commandLine, List<Setting> settings) {
        CommandSpec spec = commandLine.getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            settings.add(new Setting(spec.qualifiedName(), option.longestName(), EnvVariables.of(option).orElse(""),
                    fallback(option.defaultValueString(false)), option.type().getSimpleName(),
                    String.join(" ", option.description()).trim()));
        }
        new LinkedHashSet<>(commandLine.getSubcommands().values()).forEach(sub -> collect(sub, settings));
    }

    private static String fallback(String declared) {
        if (declared == null) {
            return "";
        }
        Matcher env = FALLBACK.matcher(declared.trim());
        if (env.matches()) {
            return env.group(1) == null ? "" : env.group(1);
        }
        return declared;
    }
}
