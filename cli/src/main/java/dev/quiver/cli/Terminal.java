package dev.quiver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output and standard error are terminals (to choose progress display, refuse binary output). */
interface Terminal {

    boolean stdoutIsTerminal();

    boolean stderrIsTerminal();

    /** The process's real streams: looks at {@code /proc/self/fd} (Linux), else at {@link System#console()}. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean stdoutIsTerminal() {
                return isTerminal(1);
            }

            @Override
            public boolean stderrIsTerminal() {
                return isTerminal(2);
            }
        };
    }

    /** For tests and pipes: neither stream is a terminal, or both are. */
    static Terminal fixed(boolean stdout, boolean stderr) {
        return new Terminal() {
            @Override
            public boolean stdoutIsTerminal() {
                return stdout;
            }

            @Override
            public boolean stderrIsTerminal() {
                return stderr;
            }
        };
    }

    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.isSymbolicLink(link)) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return System.console() != null;
            }
        }
        return System.console() != null;
    }
}
