package dev.quiver.testsupport;

/**
 * A service a test needs is not there or not ready. The message says which service, where it was looked
 * for, what the probe saw, and how to start it, so a failing test tells the reader what to do.
 */
public class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command that starts every local service. */
    public static final String START_COMMAND = "scripts/services.sh up";

    private final transient ProbeResult probe;

    public ServiceUnavailableException(ProbeResult probe, String address) {
        super(message(probe, address));
        this.probe = probe;
    }

    /** The probe that failed. */
    public ProbeResult probe() {
        return probe;
    }

    /** The service that is not available. */
    public ServiceName service() {
        return probe.service();
    }

    private static String message(ProbeResult probe, String address) {
        ServiceName s = probe.service();
        return s.displayName() + " (" + s.scriptName() + ") is not ready at " + address
                + ": probe " + probe.target() + " saw " + probe.observed()
                + ". Start the local services with `" + START_COMMAND + "` (or `make services`);"
                + " `scripts/services.sh status` shows what runs. With a Docker engine, QUIVER_SERVICES=containers"
                + " starts them as containers instead.";
    }
}
