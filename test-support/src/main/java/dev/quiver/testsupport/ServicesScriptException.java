package dev.quiver.testsupport;

/**
 * {@code scripts/services.sh} failed: it exited non-zero or timed out (with what it printed), or could not be run
 * (with the cause). {@link #getMessage()} ends with the output; {@link #reason()} is the failure alone.
 */
public class ServicesScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String output;

    public ServicesScriptException(String reason, String output) {
        super(reason + (output == null || output.isBlank() ? "" : "\n--- output ---\n" + output.strip()));
        this.reason = reason;
        this.output = output == null ? "" : output;
    }

    public ServicesScriptException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
        this.output = "";
    }

    /** What failed, without the output. */
    public String reason() {
        return reason;
    }

    /** What the script printed (stdout and stderr together), or empty. */
    public String output() {
        return output;
    }
}
