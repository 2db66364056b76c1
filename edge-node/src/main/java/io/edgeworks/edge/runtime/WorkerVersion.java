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
 * @param channels what each binding reaches, by index ({@link Channel#resolve})
 * @param contextKey identifies what a context captures: contexts are cached under it. The control plane's
 *                   digest already covers code, vars, secrets and bindings; the hash guards against a digest
 *                   that does not. Computed once here: every request looks its context up by it.
 */
public record WorkerVersion(EnvironmentRef environment, int number, String versionId, String digest,
                            String mainModule, Map<String, String> modules, Map<String, String> vars,
                            Map<String, String> secrets, List<Binding> bindings, long cpuMs, List<Channel> channels,
                            String contextKey) {

    /** A version whose {@link Channel}s are resolved from its bindings. */
    public WorkerVersion(EnvironmentRef environment, int number, String versionId, String digest, String mainModule,
                         Map<String, String> modules, Map<String, String> vars, Map<String, String> secrets,
                         List<Binding> bindings, long cpuMs) {
        this(environment, number, versionId, digest, mainModule, modules, vars, secrets, bindings, cpuMs, null, null);
    }

    /**
     * {@code channels} are always those of {@code bindings} and {@code contextKey} is derived from the rest (pass
     * null for both; the components exist so that they are computed once).
     */
    public WorkerVersion {
        Objects.requireNonNull(environment, "environment");
        modules = Map.copyOf(modules);
        vars = Map.copyOf(vars);
        secrets = Map.copyOf(secrets);
        bindings = List.copyOf(bindings);
        List<Channel> resolved = Channel.resolve(environment, bindings);
        if (channels != null && !channels.equals(resolved)) {
            throw new IllegalArgumentException("channels must be those of the bindings");
        }
        channels = resolved;
        String key = environment.key() + "#" + number + "#" + digest + "#"
                + Integer.toHexString(Objects.hash(modules, vars, secrets, bindings, mainModule));
        if (contextKey != null && !contextKey.equals(key)) {
            throw new IllegalArgumentException("contextKey must be the one derived from the version");
        }
        contextKey = key;
        if (!modules.containsKey(mainModule)) {
            throw new IllegalArgumentException("main module '" + mainModule + "' is missing");
        }
    }

    /**
     * A built-in worker of the node's own (the runtime's and the JIT's warm-up samples): version 1 of environment
     * {@code edge/<service>/internal} (account "edge" is a slug the control plane reserves, in
     * {@code platform.quotas.reserved-slugs} by default; the sample is never in the graph, so no host routes to
     * it), its one module {@code worker.js}, no vars or secrets, 60 s of CPU.
     */
    public static WorkerVersion builtIn(String service, String source, List<Binding> bindings) {
        return new WorkerVersion(new EnvironmentRef("edge", service, "internal"), 1, service, service, "worker.js",
                Map.of("worker.js", source), Map.of(), Map.of(), bindings, 60_000);
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
