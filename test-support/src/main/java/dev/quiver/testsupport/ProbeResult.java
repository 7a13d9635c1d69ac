package dev.quiver.testsupport;

import java.util.Objects;

/**
 * What one readiness probe saw.
 *
 * @param service  the probed service
 * @param target   what was probed, e.g. {@code http://127.0.0.1:8123/?query=SELECT%201}
 * @param ready    whether the service answered as a ready one does
 * @param observed a short description of the answer, e.g. {@code HTTP 200 "1"} or {@code connection refused}
 */
public record ProbeResult(ServiceName service, String target, boolean ready, String observed) {

    public ProbeResult {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(observed, "observed");
    }

    static ProbeResult ready(ServiceName service, String target, String observed) {
        return new ProbeResult(service, target, true, observed);
    }

    static ProbeResult notReady(ServiceName service, String target, String observed) {
        return new ProbeResult(service, target, false, observed);
    }
}
