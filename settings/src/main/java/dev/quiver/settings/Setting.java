package dev.quiver.settings;

/**
 * One declared setting of one command.
 *
 * @param commandPath  the command that declares it, e.g. {@code quiver server}
 * @param longName     its longest flag, e.g. {@code --query-timeout}
 * @param envVariable  the environment variable it also reads, or empty when it declares none
 * @param defaultValue its default as declared (after the environment variable), or empty when it has none
 * @param type         the Java type it is converted to, e.g. {@code Duration}
 * @param description  its help text
 */
public record Setting(String commandPath, String longName, String envVariable, String defaultValue, String type,
                      String description) {
}
