package dev.quiver.resilience.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shaded event-bridge jar is: system property {@code quiver.bridge.jar}, set by this module's pom. */
final class BridgeJar {
    static final String PROPERTY = "quiver.bridge.jar";

    private BridgeJar() {
    }

    /**
     * @throws IllegalStateException if the property is unset or names no file, with the command that builds it
     */
    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        Path jar = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.dir")).resolve("../event-bridge/target/quiver-event-bridge.jar")
                : Path.of(configured);
        jar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the event-bridge jar " + jar + " is missing; build it from the repository"
                    + " root with `mvn -B -ntp -pl event-bridge -am package -DskipTests` (or run these tests through the"
                    + " reactor, which packages event-bridge first), or point -D" + PROPERTY + " at it");
        }
        return jar;
    }
}
