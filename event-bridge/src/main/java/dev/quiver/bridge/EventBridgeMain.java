package dev.quiver.bridge;

import dev.quiver.settings.QuiverCommandLine;

/** {@code java -jar quiver-event-bridge.jar [options]}: runs {@link BridgeCommand}; {@code --help} explains it. */
public final class EventBridgeMain {
    static final String ARROW_UNSAFE_ACCESS = "arrow.enable_unsafe_memory_access";

    private EventBridgeMain() {
    }

    /**
     * Arrow checks the bounds of every single buffer access unless told otherwise; in the pipelines that was the
     * largest single cost of filling a batch (measured with JFR at 10k events/s). The bridge writes vectors only
     * through their {@code setSafe} methods, so it turns the checks off unless the JVM was started with
     * {@code -Darrow.enable_unsafe_memory_access=false}. Must run before any Arrow class is loaded.
     */
    static void skipArrowBoundsChecksUnlessSet() {
        if (System.getProperty(ARROW_UNSAFE_ACCESS) == null) {
            System.setProperty(ARROW_UNSAFE_ACCESS, "true");
        }
    }

    public static void main(String[] args) {
        skipArrowBoundsChecksUnlessSet();
        System.exit(QuiverCommandLine.of(new BridgeCommand()).execute(args));
    }
}
