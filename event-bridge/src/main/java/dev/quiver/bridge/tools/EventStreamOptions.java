package dev.quiver.bridge.tools;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import dev.quiver.settings.DeadLetterStreamNames;
import dev.quiver.settings.EventStreamNames;
import dev.quiver.settings.NatsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where the event streams are, for every {@code quiver events} / {@code quiver dlq} command: the NATS server and the
 * stream names and subject prefixes, declared once in the settings module ({@link NatsOptions},
 * {@link EventStreamNames}, {@link DeadLetterStreamNames}) and shared with the flight-server and the event-bridge.
 */
public final class EventStreamOptions {
    @Mixin
    NatsOptions nats;

    @Mixin
    EventStreamNames events;

    @Mixin
    DeadLetterStreamNames deadLetters;

    /** How long a lone request waits for its answer unless a command says otherwise. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Connects to {@code --nats-url}. {@code requestTimeout} bounds a lone publish's acknowledgement (jnats' request
     * clean-up interval, the deadline of publishAsync, 5 s by default, which a disk that syncs every write may
     * exceed).
     */
    Connection connect(Duration requestTimeout) throws IOException, InterruptedException {
        // The default listener logs each failed connection attempt as SEVERE with a stack of JUL lines; the
        // failures that matter reach the command as exceptions, which it reports with what to do.
        Options options = new Options.Builder().server(nats.url()).connectionTimeout(Duration.ofSeconds(5))
                .requestCleanupInterval(requestTimeout)
                .maxReconnects(10).errorListener(new ErrorListener() { }).build();
        return Nats.connect(options);
    }

    /** What a tool does once connected; returns its exit code. */
    interface NatsWork {
        int run(Connection nats) throws IOException, InterruptedException, DlqToolException;
    }

    /**
     * Connects ({@code requestTimeout} as in {@link #connect(Duration)}), runs {@code work}, and reports a tool's
     * failures the same way for every command: one line on stderr naming the command, exit 1.
     */
    int run(CommandSpec spec, Duration requestTimeout, NatsWork work) {
        String name = spec.qualifiedName();
        PrintWriter err = spec.commandLine().getErr();
        try (Connection nats = connect(requestTimeout)) {
            return work.run(nats);
        } catch (DlqToolException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return 1;
        } catch (IOException e) {
            err.println(unreachable(name, e));
            return 1;
        }
    }

    /** What {@code command} says when {@link #connect} failed with {@code e}. */
    String unreachable(String command, Exception e) {
        return command + ": cannot reach NATS at " + nats.url() + " (" + e.getMessage()
                + "); start it with scripts/services.sh up, or point --nats-url / QUIVER_NATS_URL at a running one";
    }
}
