package dev.quiver.resilience.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shaded jars the suite starts as child JVMs are: system properties {@code quiver.bridge.jar} and
 * {@code quiver.server.jar}, set by this module's pom (the reactor packages both modules before this module's
 * integration tests run).
 */
public final class QuiverJars {
    public static final String BRIDGE_PROPERTY = "quiver.bridge.jar";
    public static final String SERVER_PROPERTY = "quiver.server.jar";

    private QuiverJars() {
    }

    /** The event-bridge jar. */
    public static Path bridge() {
        return locate(BRIDGE_PROPERTY, "event-bridge", "quiver-event-bridge.jar");
    }

    /** The flight-server jar. */
    public static Path server() {
        return locate(SERVER_PROPERTY, "flight-server", "quiver-flight-server.jar");
    }

    /**
     * @throws IllegalStateException if the jar is missing, with the command that builds it
     */
    private static Path locate(String property, String module, String file) {
        String configured = System.getProperty(property);
        Path jar = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.dir")).resolve("../" + module + "/target/" + file)
                : Path.of(configured);
        jar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the " + module + " jar " + jar + " is missing; build it from the repository"
                    + " root with `mvn -B -ntp -pl " + module + " -am package -DskipTests` (or run these tests through"
                    + " the reactor, which packages " + module + " first), or point -D" + property + " at it");
        }
        return jar;
    }
}
