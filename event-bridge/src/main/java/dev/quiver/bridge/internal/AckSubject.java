package dev.quiver.bridge.internal;

/**
 * The delivery count and stream sequence JetStream writes into a message's reply subject (the ack subject, ADR-15):
 * {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp>[.<pending>]}, or with
 * {@code <domain>.<account hash>} after {@code ACK} and a token at the end (11 tokens or more). Read directly
 * because the client's own metadata also parses the timestamp into a {@code ZonedDateTime} per message, which the
 * bridge never uses and which showed in its profile and heap. {@code null} when the subject has another shape, so
 * the caller can fall back to the client's parser.
 */
record AckSubject(long delivered, long streamSequence) {
    private static final int MAX_TOKENS = 16;

    static AckSubject parse(String replyTo) {
        if (replyTo == null) {
            return null;
        }
        int[] starts = new int[MAX_TOKENS + 1];
        int tokens = 1;
        for (int i = 0; i < replyTo.length(); i++) {
            if (replyTo.charAt(i) == '.') {
                if (tokens == MAX_TOKENS) {
                    return null;
                }
                starts[tokens++] = i + 1;
            }
        }
        starts[tokens] = replyTo.length() + 1;
        if (!replyTo.startsWith("ACK", starts[1]) || starts[2] - starts[1] != 4) {
            return null;
        }
        int streamToken;
        if (tokens == 8 || tokens == 9) {
            streamToken = 2;
        } else if (tokens >= 11) {
            streamToken = 4;
        } else {
            return null;
        }
        long delivered = number(replyTo, starts[streamToken + 2], starts[streamToken + 3] - 1);
        long sequence = number(replyTo, starts[streamToken + 3], starts[streamToken + 4] - 1);
        return delivered < 0 || sequence < 0 ? null : new AckSubject(delivered, sequence);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if it is empty, not all digits or too long. */
    private static long number(String text, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
