package dev.quiver.flight.source;

/**
 * SQL {@code LIKE} in time linear in the pattern times the value ({@code O(n·m)} for any pattern), registered in
 * the embedded H2 database as the function {@value #FUNCTION}. H2's own {@code LIKE} recurses on every {@code %}
 * without memoization, so one 200-character row and a pattern such as {@code %a%a%a%a%a%a%a%a%a%a%a%a%b} cost
 * C(200, 12) steps inside one row, where no cancel or timeout reaches (security review H6). PostgreSQL's own
 * {@code LIKE} is polynomial and stays in use there.
 *
 * <p>Semantics are PostgreSQL's default {@code LIKE}: case-sensitive; {@code _} matches one character (a Unicode
 * code point), {@code %} any run of them, {@code \} makes the next character literal; a null value or pattern gives
 * null. The pattern is read once into code points; matching keeps only the position after the last {@code %} seen,
 * retrying from one character further on each mismatch (the classic wildcard algorithm), so no path is tried twice.
 */
public final class LinearLike {
    /** The SQL function name the embedded database knows this matcher by. */
    public static final String FUNCTION = "QUIVER_LIKE";
    /** Pattern code for {@code _}; a literal is its code point (never negative). */
    private static final int ANY_ONE = -1;
    /** Pattern code for {@code %}. */
    private static final int ANY_RUN = -2;

    private LinearLike() {
    }

    /** The statement that registers {@link #matches} in an H2 database as {@value #FUNCTION}(value, pattern). */
    public static String h2Alias() {
        return "CREATE ALIAS IF NOT EXISTS " + FUNCTION + " DETERMINISTIC FOR \"" + LinearLike.class.getName()
                + ".matches\"";
    }

    /**
     * Whether {@code value LIKE pattern}; null when either is null, as in SQL.
     *
     * @throws IllegalArgumentException when the pattern ends with the escape character alone
     */
    public static Boolean matches(String value, String pattern) {
        if (value == null || pattern == null) {
            return null;
        }
        int[] tokens = tokens(pattern);
        int[] text = value.codePoints().toArray();
        int t = 0;
        int p = 0;
        int lastRun = -1;
        int resumeAt = 0;
        while (t < text.length) {
            if (p < tokens.length && (tokens[p] == ANY_ONE || tokens[p] == text[t])) {
                t++;
                p++;
            } else if (p < tokens.length && tokens[p] == ANY_RUN) {
                lastRun = p++;
                resumeAt = t;
            } else if (lastRun >= 0) {
                p = lastRun + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] == ANY_RUN) {
            p++;
        }
        return p == tokens.length;
    }

    private static int[] tokens(String pattern) {
        int[] points = pattern.codePoints().toArray();
        int[] tokens = new int[points.length];
        int count = 0;
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            if (c == '\\') {
                if (++i == points.length) {
                    throw new IllegalArgumentException("LIKE pattern must not end with escape character");
                }
                tokens[count++] = points[i];
            } else if (c == '%') {
                if (count == 0 || tokens[count - 1] != ANY_RUN) {
                    tokens[count++] = ANY_RUN; // %% is %
                }
            } else {
                tokens[count++] = c == '_' ? ANY_ONE : c;
            }
        }
        return java.util.Arrays.copyOf(tokens, count);
    }
}
