package dev.quiver.flight.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LinearLikeTest {
    @Test
    void answersAsSqlLikeDoes() {
        assertThat(LinearLike.matches("widget", "wid%")).isTrue();
        assertThat(LinearLike.matches("widget", "%dge_")).isTrue();
        assertThat(LinearLike.matches("widget", "%dge")).isFalse();
        assertThat(LinearLike.matches("Widget", "widget")).as("case-sensitive").isFalse();
        assertThat(LinearLike.matches("", "%")).isTrue();
        assertThat(LinearLike.matches("", "_")).isFalse();
        assertThat(LinearLike.matches("50%", "50\\%")).isTrue();
        assertThat(LinearLike.matches("500", "50\\%")).isFalse();
        assertThat(LinearLike.matches("a_b", "a\\_b")).isTrue();
        assertThat(LinearLike.matches("axb", "a\\_b")).isFalse();
        assertThat(LinearLike.matches("\uD83D\uDE00x", "_x")).as("_ is one code point").isTrue();
        assertThat(LinearLike.matches(null, "%")).isNull();
        assertThat(LinearLike.matches("a", null)).isNull();
        assertThatThrownBy(() -> LinearLike.matches("a", "a\\")).hasMessageContaining("escape character");
    }

    /** Every pattern of a small alphabet against every value, compared with H2's own LIKE on the same pair. */
    @Test
    void agreesWithTheDatabasesLikeOnRandomPairs() throws Exception {
        Random random = new Random(13);
        String values = "ab";
        String patterns = "ab%_\\";
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:like-" + System.nanoTime());
             PreparedStatement like = h2.prepareStatement("SELECT CAST(? AS VARCHAR) LIKE CAST(? AS VARCHAR)")) {
            for (int i = 0; i < 5_000; i++) {
                String value = random(random, values, random.nextInt(7));
                String pattern = random(random, patterns, random.nextInt(6));
                if (pattern.endsWith("\\") && (pattern.length() - pattern.replaceAll("\\\\+$", "").length()) % 2 == 1) {
                    continue; // a lone trailing escape is refused before SQL (WhereCompiler)
                }
                like.setString(1, value);
                like.setString(2, pattern);
                try (ResultSet answer = like.executeQuery()) {
                    answer.next();
                    assertThat(LinearLike.matches(value, pattern)).as("'%s' LIKE '%s'", value, pattern)
                            .isEqualTo(answer.getBoolean(1));
                }
            }
        }
    }

    /** Security review H6: H2's LIKE takes about C(n, 12) steps here; this matcher takes about n times the pattern. */
    @Test
    @Timeout(10)
    void aBacktrackingPatternOnALongValueAnswersAtOnce() {
        String value = "a".repeat(100_000);
        assertThat(LinearLike.matches(value, "%a%a%a%a%a%a%a%a%a%a%a%a%b")).isFalse();
        assertThat(LinearLike.matches(value, "%a%a%a%a%a%a%a%a%a%a%a%a%a")).isTrue();
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
