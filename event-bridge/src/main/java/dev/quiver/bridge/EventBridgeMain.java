package dev.quiver.bridge;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar quiver-event-bridge.jar [options]}; {@code --help} explains them. */
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

    public static void main(String[] args) throws Exception {
        skipArrowBoundsChecksUnlessSet();
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(BridgeOption.help());
            return;
        }
        BridgeConfig config;
        try {
            config = BridgeConfig.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("quiver-event-bridge: " + e.getMessage());
            System.exit(2);
            return;
        }
        EventBridge bridge;
        try {
            bridge = EventBridge.start(config, SinkFactories.builtIn());
        } catch (Exception e) {
            System.err.println("quiver-event-bridge: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        System.out.println("Quiver event bridge: " + config.streams().events() + " -> " + config.sinks()
                + "; health at http://" + config.httpHost() + ":" + bridge.httpPort() + "/health, metrics at /metrics."
                + " Ctrl-C drains and stops it.");
        stopped.await();
    }
}
