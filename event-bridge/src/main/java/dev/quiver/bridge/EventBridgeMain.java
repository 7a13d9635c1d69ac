package dev.quiver.bridge;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar quiver-event-bridge.jar [options]}; {@code --help} explains them. */
public final class EventBridgeMain {
    private EventBridgeMain() {
    }

    public static void main(String[] args) throws Exception {
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
