package dev.quiver.resilience.harness;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How big the suite's scenarios are. {@code mvn verify} (and so {@code make test} and CI) runs the scenarios tagged
 * {@code smoke} at the small scale; {@code mvn verify -Presilience} ({@code make resilience}) runs every scenario at
 * full scale.
 *
 * <p>System properties (set by the pom from the Maven properties of the same name):
 * <ul>
 *   <li>{@code resilience.scale}: {@code smoke} (default) or {@code full}</li>
 *   <li>{@code resilience.duration}: how long the sustained-load scenarios run, ISO-8601 ({@code PT1H} for
 *       endurance); default 5 minutes at full scale, 20 seconds at smoke scale</li>
 * </ul>
 *
 * @param full      whether the scenarios run at the sizes of the issue (else their smoke sizes)
 * @param sustained how long the sustained-load scenarios run
 */
public record SuiteScale(boolean full, Duration sustained) {
    public static final String SCALE_PROPERTY = "resilience.scale";
    public static final String DURATION_PROPERTY = "resilience.duration";
    private static final Pattern PER_SCALE = Pattern.compile("\\{([^{}|]*)\\|([^{}|]*)}");

    public SuiteScale {
        if (sustained == null || sustained.isNegative() || sustained.isZero()) {
            throw new IllegalArgumentException("-D" + DURATION_PROPERTY + " must be a positive duration, got " + sustained);
        }
    }

    /** From the system properties (see the class comment). */
    public static SuiteScale current() {
        return parse(System.getProperty(SCALE_PROPERTY), System.getProperty(DURATION_PROPERTY));
    }

    static SuiteScale parse(String scale, String duration) {
        String name = scale == null || scale.isBlank() ? "smoke" : scale.trim().toLowerCase(Locale.ROOT);
        boolean full = switch (name) {
            case "smoke" -> false;
            case "full" -> true;
            default -> throw new IllegalArgumentException("-D" + SCALE_PROPERTY + " must be smoke or full, got '" + scale
                    + "'");
        };
        Duration sustained = full ? Duration.ofMinutes(5) : Duration.ofSeconds(20);
        if (duration != null && !duration.isBlank()) {
            try {
                sustained = Duration.parse(duration.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("-D" + DURATION_PROPERTY + " must be an ISO-8601 duration such as PT5M"
                        + " or PT1H, got '" + duration + "'", e);
            }
        }
        return new SuiteScale(full, sustained);
    }

    /** {@code smoke} or {@code full}. */
    public String name() {
        return full ? "full" : "smoke";
    }

    /** The smoke-scale or the full-scale figure. */
    public long pick(long smoke, long full) {
        return this.full ? full : smoke;
    }

    /** The smoke-scale or the full-scale figure. */
    public int pick(int smoke, int full) {
        return this.full ? full : smoke;
    }

    /**
     * {@code text} with each {@code {smoke|full}} replaced by the part for this scale: {@code "frozen {5|30} s"} reads
     * {@code "frozen 5 s"} at smoke scale, so a scenario's title states the run's own parameters.
     */
    public String resolve(String text) {
        Matcher choice = PER_SCALE.matcher(text);
        return choice.replaceAll(found -> Matcher.quoteReplacement(full ? found.group(2) : found.group(1)));
    }

    /** The smoke-scale or the full-scale duration. */
    public Duration pick(Duration smoke, Duration full) {
        return this.full ? full : smoke;
    }
}
