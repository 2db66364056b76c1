package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Binding channels are resolved when a version is built, and a realm reaches its bindings only through
 * them: {@code env.X} holds an index into its own version's channels, so tenant code cannot name another
 * namespace or target, nor mint a binding object of its own.
 */
class ChannelsTest {

    @Test
    void bindingsResolveToChannelsInTheVersionsAccount() {
        WorkerVersion version = TestWorkers.version("acme/gateway/production", Map.of("worker.js", "export default {}"), Map.of(),
                List.of(new Binding.Service("AUTH", "auth", "staging"), new Binding.Kv("CACHE", "cache", "ns-1"),
                        new Binding.Service("USERS", "users", "production", null, "Users")), 50);
        assertEquals(List.of(new Channel.Service("AUTH", EnvironmentRef.parse("acme/auth/staging")), new Channel.Kv("CACHE", "ns-1"),
                        new Channel.Service("USERS", EnvironmentRef.parse("acme/users/production"), null, "Users")),
                version.channels());
        assertThrows(IllegalArgumentException.class, () -> new WorkerVersion(version.environment(), 1, "v", "d", "worker.js",
                version.modules(), Map.of(), Map.of(), version.bindings(), 50, List.of(new Channel.Kv("CACHE", "ns-other")), null));
    }

    @Test
    void aWorkerReachesOnlyTheNamespacesOfItsOwnBindings() throws Exception {
        RecordingKv kv = new RecordingKv();
        WorkerVersion version = TestWorkers.version("acme/app/production", Map.of("worker.js", """
                export default {
                  async fetch(request, env) {
                    await env.A.put('k', 'one');
                    await env.B.put('k', 'two');
                    const tries = [];
                    // hostile: mint a namespace object pointing elsewhere, or pull the channel out of env.A
                    try { new (env.A.constructor)(undefined, 0); tries.push('minted'); } catch (e) { tries.push(e.constructor.name); }
                    tries.push(Object.getOwnPropertyNames(env.A).length, JSON.stringify(env.A));
                    return new Response([await env.A.get('k'), await env.B.get('k'), ...tries].join(','));
                  }
                };"""), Map.of(), List.of(new Binding.Kv("A", "a", "ns-1"), new Binding.Kv("B", "b", "ns-2")), 200);
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP, kv,
                     RuntimeEvents.NONE)) {
            InvocationResult result = TestWorkers.run(pool, version, TestWorkers.get("http://app.acme.localhost/"));
            assertEquals(200, result.response().status(), String.valueOf(result.error()));
            assertEquals("one,two,TypeError,0,{}", new String(result.response().body(), StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("ns-1/k", "one", "ns-2/k", "two"), kv.values());
    }

    /**
     * A store that cannot complete a call (KV being restored, a write not confirmed durable) rejects the worker's promise
     * with an {@code Error} carrying its message; a refused write stays a {@code TypeError}.
     */
    @Test
    void aStoreThatCannotCompleteRejectsWithAnErrorARefusalWithATypeError() throws Exception {
        KvStore unavailable = new RecordingKv() {
            @Override
            public CompletionStage<byte[]> get(String ns, String key) {
                return CompletableFuture.failedFuture(new Unavailable("KV get: restoring"));
            }

            @Override
            public CompletionStage<Void> put(String ns, String key, byte[] value) {
                if (key.equals("refused")) {
                    return CompletableFuture.failedFuture(new Rejected("KV put: too big"));
                }
                return CompletableFuture.failedFuture(new Unavailable("KV put: not confirmed"));
            }

            @Override
            public CompletionStage<Void> delete(String ns, String key) {
                return CompletableFuture.failedFuture(new Unavailable("KV delete: not confirmed"));
            }
        };
        WorkerVersion version = TestWorkers.version("acme/app/production", Map.of("worker.js", """
                export default {
                  async fetch(request, env) {
                    const seen = [];
                    for (const call of [() => env.A.get('k'), () => env.A.put('k', 'v'), () => env.A.put('refused', 'v'), () => env.A.delete('k')]) {
                      try { await call(); seen.push('resolved'); } catch (e) { seen.push(e.constructor.name + ': ' + e.message); }
                    }
                    return new Response(seen.join('|'));
                  }
                };"""), Map.of(), List.of(new Binding.Kv("A", "a", "ns-1")), 200);
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP, unavailable,
                     RuntimeEvents.NONE)) {
            InvocationResult result = TestWorkers.run(pool, version, TestWorkers.get("http://app.acme.localhost/"));
            assertEquals(200, result.response().status(), String.valueOf(result.error()));
            assertEquals("Error: KV get: restoring|Error: KV put: not confirmed|TypeError: KV put: too big|Error: KV delete: not confirmed",
                    new String(result.response().body(), StandardCharsets.UTF_8));
        }
    }

    /** A KV store in memory (a test-side fake of the layer below the runtime). */
    private static class RecordingKv implements KvStore {
        private final Map<String, byte[]> data = new ConcurrentHashMap<>();

        Map<String, String> values() {
            Map<String, String> out = new TreeMap<>();
            data.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
            return out;
        }

        public CompletionStage<byte[]> get(String ns, String key) {
            return CompletableFuture.completedFuture(data.get(ns + "/" + key));
        }

        public CompletionStage<Void> put(String ns, String key, byte[] value) {
            data.put(ns + "/" + key, value);
            return CompletableFuture.completedFuture(null);
        }

        public CompletionStage<Void> delete(String ns, String key) {
            data.remove(ns + "/" + key);
            return CompletableFuture.completedFuture(null);
        }

        public CompletionStage<Collection<String>> keys(String ns) {
            return CompletableFuture.completedFuture(new ArrayList<>());
        }
    }
}
