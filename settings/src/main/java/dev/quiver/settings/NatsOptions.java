package dev.quiver.settings;

import picocli.CommandLine.Option;

/** {@code --nats-url}: the NATS server of every program that talks to the event streams (a picocli mixin). */
public final class NatsOptions {
    @Option(names = "--nats-url", defaultValue = "${env:QUIVER_NATS_URL:-nats://127.0.0.1:4222}", paramLabel = "URL",
            description = "NATS server(s) with JetStream, comma-separated.")
    private String url;

    public String url() {
        return url;
    }
}
