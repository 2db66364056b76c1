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
    private final WorkerVersion version;
    private final Map<String, ProxyExecutable> members = new HashMap<>();

    HostBridge(WorkerThread worker, WorkerVersion version) {
        this.worker = worker;
        this.version = version;
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
            return url == null ? null : ProxyArray.fromArray((Object[]) url.components());
        });
        members.put("urlSet", a -> {
            WhatwgUrl url = WhatwgUrl.set(a[0].asString(), a[1].asString(), a[2].asString());
            return url == null ? null : ProxyArray.fromArray((Object[]) url.components());
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
            worker.pool().kv().put(a[0].asString(), key, a[2].asString().getBytes(StandardCharsets.ISO_8859_1));
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
        worker.pool().http().send(request, redirect).whenComplete((result, error) -> inv.post(() -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                fail.execute("TypeError", "fetch failed: " + cause.getMessage());
            } else {
                ok.execute(Wire.response(result.response(), result.url(), result.redirected()));
            }
        }));
    }

    private void serviceFetch(String name, Value wire, Value ok, Value fail) {
        Invocation inv = current();
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
            Value headers = wire.getArrayElement(2);
            List<Map.Entry<String, String>> list = new ArrayList<>();
            for (long i = 0; i + 1 < headers.getArraySize(); i += 2) {
                list.add(Map.entry(headers.getArrayElement(i).asString(), headers.getArrayElement(i + 1).asString()));
            }
            return new EdgeRequest(wire.getArrayElement(0).asString(), wire.getArrayElement(1).asString(), list,
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        static EdgeResponse response(Value wire) {
            Value headers = wire.getArrayElement(2);
            List<Map.Entry<String, String>> list = new ArrayList<>();
            for (long i = 0; i + 1 < headers.getArraySize(); i += 2) {
                list.add(Map.entry(headers.getArrayElement(i).asString(), headers.getArrayElement(i + 1).asString()));
            }
            return new EdgeResponse(wire.getArrayElement(0).asInt(), wire.getArrayElement(1).asString(), list,
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        /** Whether a response wire carries a stream reader (kind 's') instead of a whole body. */
        static boolean isStreamed(Value wire) {
            return wire.getArraySize() > 4 && "s".equals(wire.getArrayElement(3).asString());
        }

        static EdgeResponse streamedResponse(Value wire, ResponseStream stream) {
            return new EdgeResponse(wire.getArrayElement(0).asInt(), wire.getArrayElement(1).asString(),
                    headers(wire.getArrayElement(2)), new byte[0], stream);
        }

        private static List<Map.Entry<String, String>> headers(Value headers) {
            List<Map.Entry<String, String>> list = new ArrayList<>();
            for (long i = 0; i + 1 < headers.getArraySize(); i += 2) {
                list.add(Map.entry(headers.getArrayElement(i).asString(), headers.getArrayElement(i + 1).asString()));
            }
            return list;
        }

        static byte[] body(String kind, String data) {
            return "t".equals(kind) ? data.getBytes(StandardCharsets.UTF_8) : data.getBytes(StandardCharsets.ISO_8859_1);
        }

        static Object response(EdgeResponse response, String url, boolean redirected) {
            Object[] headers = new Object[response.headers().size() * 2];
            int i = 0;
            for (Map.Entry<String, String> h : response.headers()) {
                headers[i++] = h.getKey();
                headers[i++] = h.getValue();
            }
            return ProxyArray.fromArray(response.status(), response.statusText(), ProxyArray.fromArray(headers),
                    new String(response.body(), StandardCharsets.ISO_8859_1), url, redirected);
        }
    }
}
