package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.EnvironmentRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The only door from a context to the host: a fixed set of functions the prelude captures (and then
 * hides). The runtime's own are the request's channels (console, timers, fetch, service bindings, KV):
 * every call acts for the request currently running on the owning worker thread, so I/O is counted and
 * bounded per request. Next to them, the pure functions the Web API packages declare ({@link WebApiSet}). Errors return to JavaScript as values, and the prelude turns them
 * into the calling realm's own error objects.
 */
final class HostBridge implements ProxyObject {
    private static final Logger LOG = Logger.getLogger(HostBridge.class);
    private final WorkerThread worker;
    private final Map<String, ProxyExecutable> members = new HashMap<>();

    /**
     * The bridge of {@code worker}'s contexts, one for all of them: it acts for whichever request runs on the thread
     * (a realm serves one version; the request knows it).
     */
    HostBridge(WorkerThread worker) {
        this.worker = worker;
        members.put("log", a -> {
            current().log(a[0].asString(), a[1].asString());
            return null;
        });
        members.put("setTimer", a -> {
            // (callback, argsArray, delayMs, repeat): the callback stays in Java until it fires or is cleared
            Object[] args = new Object[(int) Math.min(a[1].getArraySize(), 1024)];
            for (int i = 0; i < args.length; i++) {
                args[i] = a[1].getArrayElement(i);
            }
            double delay = a[2].fitsInDouble() ? a[2].asDouble() : 0;
            long ms = Double.isNaN(delay) || delay < 0 ? 0 : delay >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) delay;
            return current().setTimer(a[0], args, ms, a[3].asBoolean());
        });
        members.put("clearTimer", a -> {
            if (a[0].fitsInInt()) {
                current().cancelTimer(a[0].asInt());
            }
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
        // Binding channels: JavaScript passes the channel's index (env.X holds it), the request resolves it.
        members.put("serviceFetch", a -> {
            serviceFetch(current().service(a[0].asInt()), a[1], a[2], a[3]);
            return null;
        });
        // (channel, method, arguments message, ok(result message), threw(thrown message), fail(kind, text))
        members.put("serviceCall", a -> {
            serviceCall(current().service(a[0].asInt()), a[1], a[2], a[3], a[4], a[5]);
            return null;
        });
        // KV calls are asynchronous like fetch: (channel, …arguments, ok(result), fail(kind, message)); the request
        // waits for ok/fail on its worker thread without a run slot. fail's kind is "TypeError" for a write the store
        // refuses (BoundedKvStore's key and value bounds, the key bound), "Error" for a call it cannot complete now.
        members.put("kvGet", a -> {
            String key = a[1].asString();
            kv(a[0], a[2], a[3], "get", namespace -> worker.pool().kv().get(namespace, key),
                    value -> value == null ? null : new String(value, StandardCharsets.ISO_8859_1));
            return null;
        });
        members.put("kvPut", a -> {
            String key = a[1].asString();
            byte[] value = a[2].asString().getBytes(StandardCharsets.ISO_8859_1);
            kv(a[0], a[3], a[4], "put", namespace -> worker.pool().kv().put(namespace, key, value), done -> null);
            return null;
        });
        members.put("kvDelete", a -> {
            String key = a[1].asString();
            kv(a[0], a[2], a[3], "delete", namespace -> worker.pool().kv().delete(namespace, key), done -> null);
            return null;
        });
        // (channel, prefix, limit, cursor or null, ok([keys, cursor or null]), fail)
        members.put("kvList", a -> {
            String prefix = a[1].asString();
            int limit = a[2].asInt();
            String cursor = a[3].isNull() ? null : a[3].asString();
            kv(a[0], a[4], a[5], "list", namespace -> worker.pool().kv().keys(namespace), keys -> {
                KvStore.Page page = KvStore.page(keys, prefix, limit, cursor);
                return ProxyArray.fromArray(ProxyArray.fromList(new ArrayList<>(page.keys())), page.cursor());
            });
            return null;
        });
        // The Web APIs' own (pure) host functions, next to the request channels above.
        for (Map.Entry<String, ProxyExecutable> f : worker.pool().engine().apis().functions().entrySet()) {
            if (members.putIfAbsent(f.getKey(), f.getValue()) != null) {
                throw new IllegalStateException("a Web API host function shadows the runtime's " + f.getKey());
            }
        }
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
        EdgeRequest request = outgoing(wire, null, fail);
        if (request == null) {
            return;
        }
        String redirect = wire.getArrayElement(5).asString();
        OutboundHttp http = worker.pool().http();
        http.send(request, redirect).whenComplete((result, error) -> {
            ResponseStream body = error == null ? result.response().stream() : null;
            inv.post(new Invocation.Abandonable() {
                @Override
                public void run() {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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

    /**
     * One KV call of the current request, the way {@link #fetch} goes: counted against the request's KV operations,
     * started when one of its {@link RequestBudget#KV_IN_FLIGHT} places is free, and its outcome posted to the request,
     * which converts it ({@code result}, on the worker thread, under the request's CPU time) and settles the promise. A
     * call still waiting for a place when its request ended never reaches the store; an outcome that arrives after the
     * end is dropped with the request's other tasks (no tenant code runs, the callbacks are released).
     */
    private <T> void kv(Value channel, Value ok, Value fail, String op, Function<String, CompletionStage<T>> call,
                        Function<T, Object> result) {
        Invocation inv = current();
        String namespace = inv.kv(channel.asInt()).namespaceId();
        if (!inv.budget.countKvOperation()) {
            worker.pool().limitHit(inv, LimitKind.KV_OPERATIONS, "more than " + RequestBudget.KV_OPERATIONS + " KV operations");
            fail.execute("Error", "KV " + op + ": too many KV operations; a request may make at most " + RequestBudget.KV_OPERATIONS
                    + " (get, put, delete and list calls)");
            return;
        }
        inv.budget.kvCalls.submit(() -> {
            if (inv.ended()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletionStage<T> stage;
            try {
                stage = call.apply(namespace);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            return stage.whenComplete((value, error) -> inv.post(() -> {
                if (error == null) {
                    ok.execute(result.apply(value));
                    return;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof KvStore.Rejected) {
                    fail.execute("TypeError", cause.getMessage());
                } else if (cause instanceof KvStore.Unavailable) {
                    fail.execute("Error", cause.getMessage());
                } else {
                    // the store's own failure (Redis unreachable, …): the operator log has it, the worker a plain Error
                    LOG.warnf("KV %s of %s failed: %s", op, inv.version.label(), String.valueOf(cause));
                    fail.execute("Error", "KV " + op + " failed: the KV store is unavailable, retry later");
                }
            }));
        });
    }

    /**
     * The outgoing request a fetch() or binding call's wire holds, or null after failing the call with a
     * TypeError when its head is one an HTTP request cannot carry ({@link WireRules#requestRefusal}).
     * {@code binding}: the binding's name (env.X), null for the global fetch().
     */
    private static EdgeRequest outgoing(Value wire, String binding, Value fail) {
        EdgeRequest request = Wire.request(wire);
        String refused = WireRules.requestRefusal(request);
        if (refused != null) {
            fail.execute("TypeError", (binding == null ? "fetch()" : "env." + binding + ".fetch()") + ": " + refused);
            return null;
        }
        return request;
    }

    /** The request's reader of a fetch() body id, or null after failing the call (a body of another request). */
    private UpstreamReader upstream(Value id, Value fail) {
        UpstreamReader reader = id.fitsInLong() ? current().upstream(id.asLong()) : null;
        if (reader == null) {
            fail.execute("TypeError", "fetch() response body is not readable here (it belongs to another request or was cancelled)");
        }
        return reader;
    }

    /**
     * The callee of a service binding call, after counting the call as a subrequest and checking the binding
     * depth; null after failing the call through {@code fail}.
     */
    private WorkerVersion callee(Invocation inv, Channel.Service channel, EdgeRequest request, String kind, Value fail) {
        if (!inv.countSubrequest()) {
            tooManySubrequests(inv, fail);
            return null;
        }
        worker.pool().events().subrequest(inv.version, kind);
        if (inv.depth >= inv.limits.bindingDepth()) {
            worker.pool().limitHit(inv, LimitKind.BINDING_DEPTH,
                    "more than " + inv.limits.bindingDepth() + " workers in one request chain");
            fail.execute("Error", "Service binding depth limit exceeded: at most " + inv.limits.bindingDepth()
                    + " workers may run in one request chain (calling env." + channel.name() + ")");
            return null;
        }
        EnvironmentRef target = channel.target();
        WorkerVersion callee = inv.targets.pick(target, channel.version(), request);
        if (callee == null) {
            fail.execute("Error", "env." + channel.name() + ": " + (channel.version() == null ? "environment " + target.key()
                    : "version " + channel.version() + " of " + target.key()) + " is not deployed");
        } else {
            worker.pool().events().bindingCall(inv.version, target);
        }
        return callee;
    }

    /**
     * After a nested invocation returned: whether the request's one budget ran out in it (then the whole
     * request ends, the caller too, and the call has failed through {@code fail}).
     */
    private boolean budgetExhausted(Invocation inv, Channel.Service channel, WorkerVersion callee, Value fail) {
        // lastPopCpu is an estimate, ahead of the true clock by at most a few hundred µs: confirmed exactly when over
        if (inv.budget.exhausted() == null && inv.budget.overCpu(worker.lastPopCpu()) && inv.budget.overCpu(worker.cpuNow())) {
            // The callee's work took the request past its CPU time before the watchdog looked (it checks every
            // 2 ms, later on a loaded machine): the callee exhausted the budget, not the caller it returns to.
            inv.budget.exhaust(LimitKind.CPU, callee.label());
        }
        LimitKind exhausted = inv.budget.exhausted();
        if (exhausted != null) {
            inv.trip(exhausted, inv.budget.detail(inv.version.label()));
            fail.execute("Error", "env." + channel.name() + ": the request exceeded its " + exhausted.label() + " limit");
            return true;
        }
        return false;
    }

    private void serviceFetch(Channel.Service channel, Value wire, Value ok, Value fail) {
        Invocation inv = current();
        EdgeRequest request = outgoing(wire, channel.name(), fail);
        if (request == null) {
            return;
        }
        WorkerVersion callee = callee(inv, channel, request, "service", fail);
        if (callee == null) {
            return;
        }
        InvocationResult result = worker.invokeNested(callee, request, channel.entrypoint(), inv);
        if (budgetExhausted(inv, channel, callee, fail)) {
            return;
        }
        String name = channel.name();
        if (result.limitHit() != null) {
            inv.post(() -> fail.execute("Error", "env." + name + ": " + channel.target().key() + " exceeded its "
                    + result.limitHit().label() + " limit"));
        } else if (result.error() != null) {
            String first = result.error().lines().findFirst().orElse("Error");
            inv.post(() -> fail.execute("Error", first));
        } else {
            Object response = Wire.response(result.response(), request.url(), false);
            inv.post(() -> ok.execute(response));
        }
    }

    /**
     * {@code env.X.method(…args)}: runs the method on the bound entrypoint in-process, within this request (a
     * subrequest under its one budget, like a binding fetch). The arguments, the result and what the method
     * threw cross as message strings (see {@link RpcCall}); the caller's promise settles in a task of its own.
     */
    private void serviceCall(Channel.Service channel, Value method, Value arguments, Value ok, Value threw, Value fail) {
        Invocation inv = current();
        if (!method.isString() || !arguments.isString()) {
            fail.execute("TypeError", "env." + channel.name() + ": malformed RPC call");
            return;
        }
        String args = arguments.asString();
        if (args.length() > RpcCall.MAX_MESSAGE_CHARS) {
            fail.execute("TypeError", "env." + channel.name() + ": RPC arguments larger than " + RpcCall.MAX_MESSAGE_CHARS
                    + " characters encoded");
            return;
        }
        WorkerVersion callee = callee(inv, channel, inv.request, "rpc", fail);
        if (callee == null) {
            return;
        }
        RpcCall call = new RpcCall(method.asString(), args);
        InvocationResult result = worker.invokeRpc(callee, channel.entrypoint(), call, inv);
        if (budgetExhausted(inv, channel, callee, fail)) {
            return;
        }
        String name = channel.name();
        if (result.limitHit() != null) {
            inv.post(() -> fail.execute("Error", "env." + name + ": " + channel.target().key() + " exceeded its "
                    + result.limitHit().label() + " limit"));
        } else if (call.thrown() != null) {
            String thrown = call.thrown();
            inv.post(() -> threw.execute(thrown));
        } else if (call.result() != null) {
            String value = call.result();
            inv.post(() -> ok.execute(value));
        } else {
            String first = result.error() == null ? "Error" : result.error().lines().findFirst().orElse("Error");
            inv.post(() -> fail.execute("Error", "env." + name + "." + call.method + "(): " + first));
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
                    new JoinedHeaders(wire.getArrayElement(2).asString()),
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        /**
         * Why a handler's response wire is not a response, or null when it is one. The prelude builds the wire,
         * but the host checks its shape anyway (and then the response itself against {@link WireRules}).
         */
        static String invalidResponse(Value wire) {
            if (wire == null || !wire.hasArrayElements() || wire.getArraySize() < 5) {
                return "not a response";
            }
            Value status = wire.getArrayElement(0);
            if (!status.fitsInInt()) {
                return "status " + status + " is not an integer";
            }
            Value text = wire.getArrayElement(1);
            Value headers = wire.getArrayElement(2);
            Value kind = wire.getArrayElement(3);
            if (!text.isString() || !headers.isString() || !kind.isString()) {
                return "malformed response";
            }
            String k = kind.asString();
            boolean whole = k.equals("t") || k.equals("b");
            if (!whole && !k.equals("s") && !k.equals("u")) {
                return "unknown body kind '" + k + "'";
            }
            if (whole && !wire.getArrayElement(4).isString()) {
                return "malformed body";
            }
            return null;
        }

        static EdgeResponse response(Value wire) {
            return new EdgeResponse(wire.getArrayElement(0).asInt(), wire.getArrayElement(1).asString(),
                    new JoinedHeaders(wire.getArrayElement(2).asString()),
                    body(wire.getArrayElement(3).asString(), wire.getArrayElement(4).asString()));
        }

        /**
         * A header list as the prelude takes it: "name\nvalue\nname\nvalue" ("" for none), one string across
         * the boundary instead of two per header. A field whose name or value holds a line feed cannot be a
         * valid HTTP field and would shift the pairs: it is left out.
         */
        static String joinHeaders(List<Map.Entry<String, String>> headers) {
            String asItCame = headers instanceof JoinedHeaders j ? j.joined() : null;
            if (asItCame != null) {
                return asItCame; // as it came from a realm: passed on without splitting it
            }
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
                    new JoinedHeaders(wire.getArrayElement(2).asString()), new byte[0], stream);
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
