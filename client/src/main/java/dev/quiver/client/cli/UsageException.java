package dev.quiver.client.cli;

/** The command line is wrong; the message names the bad argument. Exit status 2. */
final class UsageException extends Exception {
    private final String command;

    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    /** The command whose help to point at, or {@code null} for the global help. */
    String command() {
        return command;
    }
}
