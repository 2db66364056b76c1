package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.api.crypto.CryptoHost;
import io.edgeworks.edge.api.url.WhatwgUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The only door from a context to the host: a fixed set of functions the prelude captures (and then
 * hides). Every call acts for the request currently running on the owning worker thread, so I/O is
 * counted and bounded per request. Errors return to JavaScript as values, and the prelude turns them
 * into the calling realm's own error objects.
 */
final class HostBridge implements ProxyObject {
    private final WorkerThread worker;
    private final Map<String, ProxyExecutable> members = new HashMap<>();

    /** The bridge of one context of {@code worker}; it acts for whichever request runs there (a realm serves one version). */
    HostBridge(WorkerThread worker) {
        this.worker = worker;
        members.put("log", a -> {
            current().log(a[0].asString(), a[1].asString());
            return null;
        });
        members.put("decodeUtf8", a -> new String(a[0].asString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        members.put("decodeLegacy", a -> io.edgeworks.edge.api.encoding.LegacyDecoder.decode(a[0].asString(), a[1].asString(), a[2].asBoolean()));
        members.put("jis0208", a -> io.edgeworks.edge.api.encoding.LegacyDecoder.jis0208());
        members.put("legacySupported", a -> io.edgeworks.edge.api.encoding.LegacyDecoder.supports(a[0].asString()));
        members.put("urlParse", a -> {
            WhatwgUrl url = WhatwgUrl.parse(a[0].asString(), a[1].isNull() ? null : a[1].asString());
            return url == null ? null : url.joinedComponents();
        });
        members.put("urlSet", a -> {
            WhatwgUrl url = WhatwgUrl.set(a[0].asString(), a[1].asString(), a[2].asString());
            return url == null ? null : url.joinedComponents();
        });
        members.put("randomBytes", a -> CryptoHost.randomBytes(a[0].asInt()));
        members.put("randomUUID", a -> CryptoHost.randomUUID());
        members.put("hmac", a -> CryptoHost.hmac(a[0].asString(), a[1].asString(), a[2].asString()));
        members.put("ecdsa", a -> {
            String[] args = new String[a.length - 1];
            for (int i = 1; i < a.length; i++) {
                args[i - 1] = a[i].isNull() ? null : a[i].asString();
            }
            return ProxyArray.fromArray(io.edgeworks.edge.api.crypto.Ecdsa.call(a[0].asString(), args));
        });
        members.put("subtle", a -> {
            Object[] args = new Object[a.length - 1];
            for (int i = 1; i < a.length; i++) {
                args[i - 1] = hostValue(a[i]);
            }
            return ProxyArray.fromArray(io.edgeworks.edge.api.crypto.SubtleHost.call(a[0].asString(), args));
        });
        members.put("digest", a -> CryptoHost.digest(a[0].asString(), a[1].asString()));
        members.put("setTimer", a -> {
            int id = a[0].asInt();
            Invocation inv = current();
            inv.schedule(worker.pool().scheduler(), id, a[1].asLong(), () -> inv.context.fireTimer(id));
            return null;
        });
        members.put("clearTimer", a -> {
            current().cancelTimer(a[0].asInt());
            return null;
        });
        members.put("fetch", a -> {
            fetch(a[0], a[1], a[2]);
            return null;
        });
        members.put("fetchRead", a -> {
            UpstreamReader reader = upstream(a[0], a[2]);
            if (reader != null) {
                reader.read(a[1], a[2]);
            }
            return null;
        });
        members.put("fetchReadAll", a -> {
            UpstreamReader reader = upstream(a[0], a[2]);
            if (reader != null) {
                reader.readAll(a[1], a[2]);
            }
            return null;
        });
        members.put("fetchCancel", a -> {
            UpstreamReader reader = current().upstream(a[0].asLong());
            if (reader != null) {
                reader.cancel(a[1].asString());
            }
            return null;
        });
        members.put("serviceFetch", a -> {
            serviceFetch(a[0].asString(), a[1], a[2], a[3]);
            return null;
        });
        members.put("kvGet", a -> {
            byte[] value = worker.pool().kv().get(a[0].asString(), a[1].asString());
            return value == null ? null : new String(value, StandardCharsets.ISO_8859_1);
        });
        members.put("kvPut", a -> {
            String key = a[1].asString();
            if (key.isEmpty() || key.length() > 512) {
                return "KV put: keys must be 1 to 512 characters long";
            }
            try {
                worker.pool().kv().put(a[0].asString(), key, a[2].asString().getBytes(StandardCharsets.ISO_8859_1));
            } catch (KvStore.Rejected e) {
                return e.getMessage();
            }
            return null;
        });
        members.put("kvDelete", a -> {
            worker.pool().kv().delete(a[0].asString(), a[1].asString());
            return null;
        });
        members.put("kvList", a -> {
            KvStore.Page page = worker.pool().kv().list(a[0].asString(), a[1].asString(), a[2].asInt(),
                    a[3].isNull() ? null : a[3].asString());
            return ProxyArray.fromArray(ProxyArray.fromList(new ArrayList<>(page.keys())), page.cursor());
        });
    }

    /** A prelude argument as a plain host value: null, String, Integer/Double, Boolean or the host's own proxy. */
    private static Object hostValue(Value v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.fitsInInt() ? (Object) v.asInt() : (Object) v.asDouble();
        }
        if (v.isProxyObject()) {
            return v.asProxyObject();
        }
        throw new IllegalArgumentException("unexpected host argument " + v);
    }

    private Invocation current() {
        Invocation inv = worker.current();
        if (inv == null) {
            throw new IllegalStateException("host call outside of a request");
        }
        return inv;
    }

    private void fetch(Value wire, Value ok, Value fail) {
        Invocation inv = current();
        if (!inv.countSubrequest()) {
            tooManySubrequests(inv, fail);
            return;
        }
        worker.pool().events().subrequest(inv.version, "fetch");
        EdgeRequest request = Wire.request(wire);
        String redirect = wire.getArrayElement(5).asString();
        OutboundHttp http = worker.pool().http();
        http.send(request, redirect).whenComplete((result, error) -> {
            ResponseStream body = error == null ? result.response().stream() : null;
            inv.post(new Invocation.Abandonable() {
                @Override
                public void run() {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                        fail.execute("TypeError", "fetch failed: " + cause.getMessage());
                    } else if (body == null) {
                        ok.execute(Wire.response(result.response(), result.url(), result.redirected()));
                    } else {
                        long id = inv.addUpstream(body, http.wholeBodyLimit());
                        ok.execute(Wire.upstreamResponse(result.response(), result.url(), result.redirected(), id));
                    }
                }

                @Override
                public void abandon() {
                    if (body != null) {
                        body.cancel("the request ended before the response arrived");
                    }
                }
            });
        });
    }

    /** The request's reader of a fetch() body id, or null after failing the call (a body of another request). */
    private UpstreamReader upstream(Value id, Value fail) {
        UpstreamReader reader = id.fitsInLong() ? current().upstream(id.asLong()) : null;
        if (reader == null) {
            fail.execute("TypeError", "fetch() response body is not readable here (it belongs to another request or was cancelled)");
        }
        return reader;
    }

    private void serviceFetch(String name, Value wire, Value ok, Value fail) {
        Invocation inv = current();
        WorkerVersion version = inv.version;
        Binding.Service binding = version.bindings().stream()
                .filter(b -> b instanceof Binding.Service && b.name().equals(name))
                .map(Binding.Service.class::cast).findFirst().orElse(null);
        if (binding == null) {
            fail.execute("TypeError", "env." + name + " is not a service binding");
            return;
        }
        if (!inv.countSubrequest()) {
            tooManySubrequests(inv, fail);
            return;
        }
        worker.pool().events().subrequest(inv.version, "service");
        if (inv.depth >= inv.limits.bindingDepth()) {
            worker.pool().limitHit(inv, LimitKind.BINDING_DEPTH,
                    "more than " + inv.limits.bindingDepth() + " workers in one request chain");
            fail.execute("Error", "Service binding depth limit exceeded: at most " + inv.limits.bindingDepth()
                    + " workers may run in one request chain (calling env." + name + ")");
            return;
        }
        EdgeRequest request = Wire.request(wire);
        EnvironmentRef target = new EnvironmentRef(version.environment().account(), binding.service(), binding.environment());
        WorkerVersion callee = inv.targets.pick(target, request);
        if (callee == null) {
            fail.execute("Error", "env." + name + ": environment " + target.key() + " is not deployed");
            return;
        }
        InvocationResult result = worker.invokeNested(callee, request, inv);
        if (result.limitHit() != null) {
            inv.post(() -> fail.execute("Error", "env." + name + ": " + target.key() + " exceeded its "
                    + result.limitHit().label() + " limit"));
        } else if (result.error() != null) {
            String first = result.error().lines().findFirst().orElse("Error");
            inv.post(() -> fail.execute("Error", first));
        } else {
            Object response = Wire.response(result.response(), request.url(), false);
            inv.post(() -> ok.execute(response));
        }
    }

    private void tooManySubrequests(Invocation inv, Value fail) {
        worker.pool().limitHit(inv, LimitKind.SUBREQUESTS, "more than " + inv.limits.subrequests() + " subrequests");
        fail.execute("Error", "Too many subrequests: a request may make at most " + inv.limits.subrequests()
                + " (fetch and service binding calls)");
    }

    @Override
    public Object getMember(String key) {
        return members.get(key);
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromArray(members.keySet().toArray());
    }

    @Override
    public boolean hasMember(String key) {
        return members.containsKey(key);
    }

    @Override
    public void putMember(String key, Value value) {
        throw new UnsupportedOperationException("read-only");
    }

    /** Conversions between the prelude's wire arrays and Java records. */
    static final class Wire {
        private Wire() {
        }

        static EdgeRequest request(Value wire) {
            return new EdgeRequest(wire.getArrayElement(0).asString(), wire.getArrayElement(1).asString(),
                    splitHeaders(wire.getArrayElement(2).asString()),
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        static EdgeResponse response(Value wire) {
            return new EdgeResponse(wire.getArrayElement(0).asInt(), wire.getArrayElement(1).asString(),
                    splitHeaders(wire.getArrayElement(2).asString()),
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        /**
         * A header list as the prelude takes it: "name\nvalue\nname\nvalue" ("" for none), one string across
         * the boundary instead of two per header. A field whose name or value holds a line feed cannot be a
         * valid HTTP field and would shift the pairs: it is left out.
         */
        static String joinHeaders(List<Map.Entry<String, String>> headers) {
            StringBuilder out = new StringBuilder(headers.size() * 32);
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().indexOf('\n') >= 0 || h.getValue().indexOf('\n') >= 0) {
                    continue;
                }
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(h.getKey()).append('\n').append(h.getValue());
            }
            return out.toString();
        }

        static List<Map.Entry<String, String>> splitHeaders(String joined) {
            List<Map.Entry<String, String>> list = new ArrayList<>();
            int start = 0;
            int length = joined.length();
            while (start < length) {
                int nameEnd = joined.indexOf('\n', start);
                if (nameEnd < 0) {
                    break;
                }
                int valueEnd = joined.indexOf('\n', nameEnd + 1);
                if (valueEnd < 0) {
                    valueEnd = length;
                }
                list.add(Map.entry(joined.substring(start, nameEnd), joined.substring(nameEnd + 1, valueEnd)));
                start = valueEnd + 1;
            }
            return list;
        }

        /** Whether a response wire carries a stream reader (kind 's') instead of a whole body. */
        static boolean isStreamed(Value wire) {
            return wire.getArraySize() > 4 && "s".equals(wire.getArrayElement(3).asString());
        }

        /** Whether a response wire hands over a fetch() body untouched (kind 'u', its id) to relay to the client. */
        static boolean isRelayed(Value wire) {
            return wire.getArraySize() > 4 && "u".equals(wire.getArrayElement(3).asString());
        }

        static EdgeResponse streamedResponse(Value wire, ResponseStream stream) {
            return new EdgeResponse(wire.getArrayElement(0).asInt(), wire.getArrayElement(1).asString(),
                    splitHeaders(wire.getArrayElement(2).asString()), new byte[0], stream);
        }

        static byte[] body(String kind, String data) {
            return "t".equals(kind) ? data.getBytes(StandardCharsets.UTF_8) : data.getBytes(StandardCharsets.ISO_8859_1);
        }

        static Object response(EdgeResponse response, String url, boolean redirected) {
            return ProxyArray.fromArray(response.status(), response.statusText(), joinHeaders(response.headers()),
                    new String(response.body(), StandardCharsets.ISO_8859_1), url, redirected);
        }

        /** A fetch() response whose body is still arriving: no body data, the body's id last. */
        static Object upstreamResponse(EdgeResponse response, String url, boolean redirected, long id) {
            return ProxyArray.fromArray(response.status(), response.statusText(), joinHeaders(response.headers()),
                    "", url, redirected, id);
        }
    }
}
