package dev.quiver.testsupport;

import java.time.Duration;

/** The fault and recovery operations {@code scripts/services.sh} offers per service, with their time limits. */
public enum ServiceOperation {
    /** SIGKILL the service: no clean shutdown. */
    KILL("kill", Duration.ofSeconds(30)),
    /** Stop (if running) and start again, waiting until the script considers it up. */
    RESTART("restart", Duration.ofMinutes(5)),
    /** SIGSTOP: the process stays, but answers nothing. */
    PAUSE("pause", Duration.ofSeconds(30)),
    /** SIGCONT after {@link #PAUSE}. */
    RESUME("resume", Duration.ofSeconds(30));

    private final String verb;
    private final Duration timeout;

    ServiceOperation(String verb, Duration timeout) {
        this.verb = verb;
        this.timeout = timeout;
    }

    /** The script's sub-command, e.g. {@code restart}. */
    public String verb() {
        return verb;
    }

    /** How long the operation may take before it is abandoned and reported as failed. */
    public Duration timeout() {
        return timeout;
    }
}
