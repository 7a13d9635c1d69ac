package dev.quiver.cli;

import dev.quiver.settings.QuiverCommandLine;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar quiver-cli.jar}: the {@code quiver} command ({@link QuiverCommand}). */
public final class QuiverMain {
    // kept so the JUL configuration below is not garbage collected
    private static final Logger[] QUIET_LOGGERS = {Logger.getLogger("io.grpc"), Logger.getLogger("io.netty")};

    private QuiverMain() {
    }

    public static void main(String[] args) {
        // the tool talks to people: no logging-framework chatter on stderr
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        for (Logger logger : QUIET_LOGGERS) {
            logger.setLevel(Level.SEVERE);
        }
        System.exit(QuiverCommandLine.of(new QuiverCommand()).execute(args));
    }
}
