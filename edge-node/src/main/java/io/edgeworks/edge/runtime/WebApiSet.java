package io.edgeworks.edge.runtime;

import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The Web APIs a runtime offers, as the {@code api.*} packages declare them (see
 * {@code io.edgeworks.edge.api.WebApis}): the prelude scripts evaluated in every realm, in order, and the
 * host functions those scripts call. The runtime knows no API by name: it evaluates the scripts and puts the
 * functions on the host object it hands them, next to its own request channels (console, timers, fetch,
 * service bindings, KV), which act for the request running on the thread. The functions here are pure
 * (parsing, encoding, cryptography): no request state, no I/O.
 *
 * @param prelude resources under {@code /io/edgeworks/edge/api/} (e.g. {@code url/url.js}), or
 *                {@code webjar:<package>/<file>} for a library from an npm webjar
 * @param functions host functions by the name the scripts call them with ({@code host.<name>(…)})
 */
public record WebApiSet(List<String> prelude, Map<String, ProxyExecutable> functions) {
    public WebApiSet {
        prelude = List.copyOf(prelude);
        functions = Map.copyOf(functions);
    }
}
