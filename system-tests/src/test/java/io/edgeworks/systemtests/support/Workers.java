package io.edgeworks.systemtests.support;

import java.util.Map;

/** Worker sources the ITs deploy (ES module syntax, CONTRACT.md "Workers"), and version bodies around them. */
public final class Workers {
    public static final String MAIN = "worker.js";

    /** Answers {@code env.GREETING}, or "hello world" when the var is not set. */
    public static final String GREETER = """
            export default {
              async fetch(request, env) {
                return new Response(env.GREETING ?? "hello world");
              }
            }
            """;

    /** The seed's auth service: allows a request only when x-custom-token equals the secret SECRET_TOKEN. */
    public static final String AUTH = """
            export default {
              async fetch(request, env) {
                if (request.headers.get("x-custom-token") === env.SECRET_TOKEN) {
                  return new Response("Request allowed", { status: 200 });
                }
                return new Response("x-custom-token does not match, request not allowed", { status: 403 });
              }
            }
            """;

    /** The seed's gateway, verbatim from CONTRACT.md: every request is checked by the AUTH binding first. */
    public static final String GATEWAY = """
            export default {
              async fetch(request, env) {
                const response = await env.AUTH.fetch(request);
                if (response.status !== 200) return response;
                return new Response("");
              }
            }
            """;

    /** Answers "shop " and the request's path, to show which URL a custom route delivered. */
    public static final String SHOP = """
            export default {
              async fetch(request) {
                return new Response("shop " + new URL(request.url).pathname);
              }
            }
            """;

    /**
     * A KV binding CACHE seen from a worker: {@code GET /<key>} answers the value (404 "missing" when there is
     * none); {@code GET /<key>?set=<value>} stores a value first.
     */
    public static final String KV_READER = """
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                const key = decodeURIComponent(url.pathname.slice(1));
                const set = url.searchParams.get("set");
                if (set !== null) {
                  await env.CACHE.put(key, set);
                  return new Response("stored " + key);
                }
                const value = await env.CACHE.get(key);
                if (value === null) return new Response("missing", { status: 404 });
                return new Response(value);
              }
            }
            """;

    private Workers() {
    }

    /** A version body with one module {@value #MAIN} holding {@code source}, plus further fields. */
    public static Map<String, Object> version(String source, Object... moreFields) {
        Map<String, Object> body = Json.object("main_module", MAIN, "modules", Json.object(MAIN, source));
        body.putAll(Json.object(moreFields));
        return body;
    }

    /** A service binding as CONTRACT.md writes it. */
    public static Map<String, Object> serviceBinding(String name, String service, String environment) {
        return Json.object("type", "service", "name", name, "service", service, "environment", environment);
    }
}
