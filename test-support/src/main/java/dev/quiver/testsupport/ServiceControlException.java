package dev.quiver.testsupport;

/**
 * A control operation ({@code kill}, {@code restart}, {@code pause}, {@code resume}) on a service failed:
 * the control script exited non-zero or timed out, or the container engine refused. The message carries
 * the command and its output.
 */
public class ServiceControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ServiceName service;
    private final String output;

    public ServiceControlException(ServiceName service, String message, String output) {
        super(message + (output == null || output.isBlank() ? "" : "\n--- output ---\n" + output.strip()));
        this.service = service;
        this.output = output == null ? "" : output;
    }

    public ServiceControlException(ServiceName service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.output = "";
    }

    /** The service the operation was for. */
    public ServiceName service() {
        return service;
    }

    /** What the control script printed (stdout and stderr together), or empty. */
    public String output() {
        return output;
    }
}
