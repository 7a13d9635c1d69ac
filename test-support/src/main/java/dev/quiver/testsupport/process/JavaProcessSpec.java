package dev.quiver.testsupport.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run as a child JVM: {@code java <jvmArgs> -jar <jar> <args>} with extra environment variables, its
 * output going to {@code <logDir>/<name>.log}.
 *
 * @param name    a short label for logs and the log file, e.g. {@code event-bridge-1}
 * @param jar     the executable jar
 * @param jvmArgs options before {@code -jar}, e.g. {@code -Xmx256m}
 * @param args    the program's arguments
 * @param env     variables added to this JVM's environment
 * @param logDir  where the output goes
 */
public record JavaProcessSpec(String name, Path jar, List<String> jvmArgs, List<String> args, Map<String, String> env,
                              Path logDir) {
    public JavaProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jar, "jar");
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        Objects.requireNonNull(logDir, "logDir");
    }
}
