package dev.quiver.resilience.suite.load;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One order of an answer, with the fields every load query selects: {@code id status total user { name }}. Any of
 * them may be null when an answer lacks it (a wrong answer must still be described, not crash the check).
 *
 * @param id       the order's id as text
 * @param status   its status
 * @param total    its total (compared by value: 12.3 equals 12.30)
 * @param userName the name of the user who placed it
 */
record OrderRow(String id, String status, BigDecimal total, String userName) {
    /** Whether {@code other} has the same id, status, total (by value) and user name. */
    boolean sameAs(OrderRow other) {
        return Objects.equals(id, other.id) && Objects.equals(status, other.status)
                && (total == null ? other.total == null : other.total != null && total.compareTo(other.total) == 0)
                && Objects.equals(userName, other.userName);
    }

    @Override
    public String toString() {
        return "{id " + id + ", status " + status + ", total " + (total == null ? null : total.toPlainString())
                + ", user " + userName + "}";
    }
}
