package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployable version of an environment, ready to run: its modules, vars, opened secrets and
 * bindings. Contexts are cached per {@link #contextKey()}, which changes whenever anything a context
 * captures changes.
 *
 * @param cpuMs CPU time per request this version asks for
 */
public record WorkerVersion(EnvironmentRef environment, int number, String versionId, String digest,
                            String mainModule, Map<String, String> modules, Map<String, String> vars,
                            Map<String, String> secrets, List<Binding> bindings, long cpuMs) {

    public WorkerVersion {
        Objects.requireNonNull(environment, "environment");
        modules = Map.copyOf(modules);
        vars = Map.copyOf(vars);
        secrets = Map.copyOf(secrets);
        bindings = List.copyOf(bindings);
        if (!modules.containsKey(mainModule)) {
            throw new IllegalArgumentException("main module '" + mainModule + "' is missing");
        }
    }

    /**
     * Identifies what a context captures. The control plane's digest already covers code, vars, secrets
     * and bindings; the hash guards against a digest that does not (string hash codes are cached).
     */
    public String contextKey() {
        return environment.key() + "#" + number + "#" + digest + "#"
                + Integer.toHexString(java.util.Objects.hash(modules, vars, secrets, bindings, mainModule));
    }

    /** Total size of the modules in UTF-8 bytes. */
    public long moduleBytes() {
        return modules.values().stream()
                .mapToLong(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    }

    public String label() {
        return environment.key() + " v" + number;
    }
}
