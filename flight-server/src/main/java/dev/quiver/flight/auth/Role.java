package dev.quiver.flight.auth;

import java.util.Locale;

/**
 * What a user may do. Every user may query, read the event history and subscribe; only {@link #READ_WRITE} users may
 * run mutations. A user listed without a role is {@link #READ_ONLY}: write rights are given, never assumed.
 */
public enum Role {
    READ_ONLY("read-only"),
    READ_WRITE("read-write");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** As written in {@code --users} and the users file: {@code read-only} or {@code read-write}. */
    public String label() {
        return label;
    }

    public boolean mayMutate() {
        return this == READ_WRITE;
    }

    /** The role a label names, or null when {@code text} is not a role. */
    static Role ofLabel(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.label.equals(lower)) {
                return role;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
