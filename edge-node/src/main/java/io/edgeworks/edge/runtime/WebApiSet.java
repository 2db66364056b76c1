package io.edgeworks.edge.runtime;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The Web APIs a runtime offers, as the {@code api.*} packages declare them (see
 * {@code io.edgeworks.edge.api.WebApis}): the prelude scripts evaluated in every realm, in order, the
 * host functions those scripts call, and the built-in modules tenant code may import by name. The runtime
 * knows no API by name: it evaluates the scripts and puts the functions on the host object it hands them,
 * next to its own request channels (console, timers, fetch, service bindings, KV), which act for the request
 * running on the thread. The functions here are pure (parsing, encoding, cryptography): no request state,
 * no I/O.
 *
 * @param prelude   resources under {@code /io/edgeworks/edge/api/} (e.g. {@code url/url.js}), or
 *                  {@code webjar:<package>/<file>} for a library from an npm webjar
 * @param functions host functions by the name the scripts call them with ({@code host.<name>(…)})
 * @param modules   built-in ES modules by specifier (e.g. {@code cloudflare:workers} → {@code env/workers.js},
 *                  a resource as in {@code prelude}): each realm evaluates them once, after the prelude, and
 *                  hands each module's namespace to the prelude's {@code internal.builtinModule(specifier,
 *                  namespace)}; an {@code import} of the specifier then gets that same module
 */
public record WebApiSet(List<String> prelude, Map<String, ProxyExecutable> functions, Map<String, String> modules) {
    private static final Pattern SPECIFIER = Pattern.compile("[a-z]+:[a-z][a-z0-9-]*");

    public WebApiSet {
        prelude = List.copyOf(prelude);
        functions = Map.copyOf(functions);
        modules = Map.copyOf(modules);
        for (String specifier : modules.keySet()) {
            if (!SPECIFIER.matcher(specifier).matches()) {
                throw new IllegalArgumentException("a built-in module is named scheme:name, got " + specifier);
            }
        }
    }

    /** Web APIs without built-in modules. */
    public WebApiSet(List<String> prelude, Map<String, ProxyExecutable> functions) {
        this(prelude, functions, Map.of());
    }
}
