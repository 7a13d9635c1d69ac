package dev.quiver.testsupport;

/** Where the services come from: the local script's processes or containers. */
interface ServiceBackend {

    /** The current settings (for containers, the currently mapped ports). */
    ServiceSettings settings();

    /** Runs a fault or recovery operation; returns once it finished. */
    void control(ServiceOperation operation, ServiceName service);

    /** A short name for messages. */
    String description();
}
