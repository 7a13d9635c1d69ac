package dev.quiver.sinks.clickhouse.internal;

import java.util.ArrayList;
import java.util.List;

/** ClickHouse's {@code TabSeparated} value escaping. */
final class TabSeparated {

    private TabSeparated() {
    }

    /** The values of one line of a {@code TabSeparated} answer (without its line feed). */
    static List<String> row(String line) {
        List<String> values = new ArrayList<>();
        for (String cell : line.split("\t", -1)) {
            values.add(unescape(cell));
        }
        return values;
    }

    /** The value of one escaped cell ({@code \t}, {@code \n}, {@code \\}, {@code \'} ... decoded; {@code \N} is null). */
    static String unescape(String cell) {
        if ("\\N".equals(cell)) {
            return null;
        }
        if (cell.indexOf('\\') < 0) {
            return cell;
        }
        StringBuilder out = new StringBuilder(cell.length());
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c != '\\' || i + 1 == cell.length()) {
                out.append(c);
                continue;
            }
            char next = cell.charAt(++i);
            out.append(switch (next) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case '0' -> '\0';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> next;
            });
        }
        return out.toString();
    }
}
