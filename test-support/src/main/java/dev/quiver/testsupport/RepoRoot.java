package dev.quiver.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Finds the Quiver checkout: the directory holding {@code scripts/services.sh}. Env {@code QUIVER_HOME}
 * names it directly; otherwise the search walks up from a start directory ({@code user.dir}, which Maven
 * sets to the module directory).
 */
final class RepoRoot {
    static final String HOME_VARIABLE = "QUIVER_HOME";
    static final Path SCRIPT = Path.of("scripts", "services.sh");

    private RepoRoot() {
    }

    /** The repository root for this JVM: {@code QUIVER_HOME}, else the walk up from {@code user.dir}. */
    static Path find() {
        return find(System::getenv, Path.of(System.getProperty("user.dir")));
    }

    /**
     * @throws IllegalStateException if {@code QUIVER_HOME} is set to a directory without the script, or no
     *                               directory from {@code start} upwards holds it
     */
    static Path find(Function<String, String> env, Path start) {
        String home = env.apply(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(SCRIPT))) {
                throw new IllegalStateException(HOME_VARIABLE + "=" + home + " has no " + SCRIPT
                        + "; point it at the Quiver checkout or unset it");
            }
            return root;
        }
        Path absoluteStart = start.toAbsolutePath().normalize();
        for (Path dir = absoluteStart; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + SCRIPT + " in " + absoluteStart + " or any parent directory; run from"
                + " inside the Quiver checkout or set " + HOME_VARIABLE);
    }
}
