package dev.quiver.testsupport;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The services {@code scripts/services.sh} runs as local processes. Control operations run
 * {@code bash scripts/services.sh <op> <name>} from the repository root ({@link ServicesScript}).
 */
final class ScriptServiceBackend implements ServiceBackend {
    private final ServiceSettings settings;
    private final ServicesScript script;

    ScriptServiceBackend(ServiceSettings settings, Supplier<Path> repoRoot) {
        this.settings = settings;
        this.script = new ServicesScript(repoRoot);
    }

    @Override
    public ServiceSettings settings() {
        return settings;
    }

    @Override
    public String description() {
        return "local services (" + RepoRoot.SCRIPT + ")";
    }

    @Override
    public void control(ServiceOperation operation, ServiceName service) {
        try {
            script.run(operation.timeout(), operation.verb(), service.scriptName());
        } catch (ServicesScriptException e) {
            if (e.getCause() != null) {
                throw new ServiceControlException(service, e.reason(), e.getCause());
            }
            throw new ServiceControlException(service, e.reason(), e.output());
        }
    }
}
