package io.edgeworks.edge.api;

import io.edgeworks.edge.api.crypto.CryptoHost;
import io.edgeworks.edge.api.encoding.EncodingHost;
import io.edgeworks.edge.api.url.UrlHost;
import io.edgeworks.edge.runtime.WebApiSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Every Web API of the edge, assembled for the runtime: each {@code api.<name>} package owns its script
 * and the Java host half of it; this class only puts them in evaluation order (a script may use what the
 * ones before it defined) and refuses two functions of the same name.
 */
public final class WebApis {
    /** Prelude scripts in evaluation order; {@code env/env.js} (the worker entrypoint) must be last. */
    static final List<String> PRELUDE = List.of("realm/lazy.js", "abort/abort.js", "encoding/encoding.js", "url/url.js",
            "webjar:web-streams-polyfill/dist/ponyfill.es2018.js", "streams/streams.js",
            "encoding/encoding-streams.js", "blob/blob.js", "formdata/formdata.js", "fetch/headers.js",
            "fetch/fetch.js", "crypto/crypto.js", "timers/timers.js", "console/console.js", "messaging/messaging.js",
            "clone/clone.js", "env/rpc.js", "realm/pristine.js", "env/env.js");

    /** Built-in modules by specifier: {@code cloudflare:workers} (WorkerEntrypoint) belongs to the env API. */
    static final Map<String, String> MODULES = Map.of("cloudflare:workers", "env/workers.js");

    private WebApis() {
    }

    public static WebApiSet all() {
        Map<String, ProxyExecutable> functions = new HashMap<>();
        for (Map<String, ProxyExecutable> part : List.of(EncodingHost.functions(), UrlHost.functions(), CryptoHost.functions())) {
            for (Map.Entry<String, ProxyExecutable> f : part.entrySet()) {
                if (functions.putIfAbsent(f.getKey(), f.getValue()) != null) {
                    throw new IllegalStateException("two Web APIs define the host function " + f.getKey());
                }
            }
        }
        return new WebApiSet(PRELUDE, functions, MODULES);
    }
}
