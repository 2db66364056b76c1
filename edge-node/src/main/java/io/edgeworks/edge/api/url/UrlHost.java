package io.edgeworks.edge.api.url;

import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** Host half of url.js: the WHATWG URL parser, its components joined into one string across the boundary. */
public final class UrlHost {
    private UrlHost() {
    }

    public static Map<String, ProxyExecutable> functions() {
        return Map.of(
                "urlParse", a -> {
                    WhatwgUrl url = WhatwgUrl.parse(a[0].asString(), a[1].isNull() ? null : a[1].asString());
                    return url == null ? null : url.joinedComponents();
                },
                "urlSet", a -> {
                    WhatwgUrl url = WhatwgUrl.set(a[0].asString(), a[1].asString(), a[2].asString());
                    return url == null ? null : url.joinedComponents();
                });
    }
}
