package dev.quiver.flight.mutation;

/**
 * Who runs a mutation: becomes the event's {@code user_id} and {@code org_id}. A transport derives it from
 * its authenticated caller (Flight: the peer identity its auth middleware set); {@link #ANONYMOUS} when
 * there is none.
 *
 * @param userId the authenticated user, or null
 * @param orgId  the organisation acted for, or null
 */
public record Actor(String userId, String orgId) {
    public static final Actor ANONYMOUS = new Actor(null, null);

    public Actor {
        userId = blankToNull(userId);
        orgId = blankToNull(orgId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
