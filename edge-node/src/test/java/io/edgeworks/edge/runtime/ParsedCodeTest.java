package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.api.WebApis;
import java.lang.ref.WeakReference;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's parse of a tenant module lives as long as a realm of its version does, and no longer: realms of the
 * version on other threads share it meanwhile, and a node keeps no code of environments it no longer runs once a
 * collection found them unused (see {@link ParsedCodeReleaser}).
 */
class ParsedCodeTest {
    private JsEngine engine;
    private WorkerPool pool;

    @BeforeEach
    void setUp() {
        engine = new JsEngine(WebApis.all());
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP, TestWorkers.NO_KV,
                RuntimeEvents.NONE);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        engine.close();
    }

    private static String worker(String marker) {
        return "export default { fetch() { return new Response('" + marker + "'); } };";
    }

    /** What the engine lists for the entry of the module with {@code marker}: the entry's own copy of the source. */
    private Source cachedSource(String marker) {
        return engine.cachedSources().stream()
                .filter(source -> source.hasCharacters() && source.getCharacters().toString().contains(marker))
                .findFirst().orElseThrow();
    }

    private boolean cached(String marker) {
        return engine.cachedSources().stream()
                .anyMatch(source -> source.hasCharacters() && source.getCharacters().toString().contains(marker));
    }

    /** Full collections until a weakly held object is gone (System.gc() is a full collection with G1). */
    private static void collect() throws InterruptedException {
        WeakReference<Object> probe = new WeakReference<>(new Object());
        for (int i = 0; i < 20 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.gc();
        assertTrue(probe.get() == null, "no collection cleared a weak reference");
    }

    @Test
    void aLiveRealmKeepsItsModulesParseThroughCollections() throws Exception {
        WorkerVersion version = TestWorkers.version("a/kept/production", worker("kept-marker-1"));
        assertEquals(200, TestWorkers.run(pool, version, TestWorkers.get("http://kept.localhost/")).response().status());
        WeakReference<Source> listed = new WeakReference<>(cachedSource("kept-marker-1"));
        collect();
        collect();
        Thread.sleep(200);
        collect();
        assertTrue(listed.get() != null, "the parse of a module whose realm is cached was dropped");
        assertTrue(cached("kept-marker-1"));
        assertEquals("kept-marker-1", TestWorkers.run(pool, version, TestWorkers.get("http://kept.localhost/")).response().bodyText());
    }

    /** Once the version's last realm is closed, nothing of the edge holds its module's source: the engine drops the parse. */
    @Test
    void theParseGoesWithTheVersionsLastRealm() throws Exception {
        WorkerVersion gone = TestWorkers.version("a/gone/production", worker("gone-marker-2"));
        WorkerVersion stays = TestWorkers.version("a/stays/production", worker("stays-marker-3"));
        assertEquals(200, TestWorkers.run(pool, gone, TestWorkers.get("http://gone.localhost/")).response().status());
        assertEquals(200, TestWorkers.run(pool, stays, TestWorkers.get("http://stays.localhost/")).response().status());
        assertTrue(cached("gone-marker-2"));

        pool.retainOnly(Set.of(stays.contextKey()));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pool.contextCount() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, pool.contextCount(), "the dropped version's realm was not closed");
        boolean dropped = false;
        for (int i = 0; i < 20 && !dropped; i++) {
            collect();
            dropped = !cached("gone-marker-2");   // asking the engine removes entries whose source was collected
        }
        assertTrue(dropped, "the engine still holds the parse of a version with no realm");
        assertTrue(cached("stays-marker-3"));
        assertEquals("stays-marker-3", TestWorkers.run(pool, stays, TestWorkers.get("http://stays.localhost/")).response().bodyText());
    }

    /**
     * With nothing else running on the engine (no parse, no context closed: what would remove dead entries too), the
     * collections alone make it drop the parse of a module whose source nothing holds any more.
     */
    @Test
    void collectionsAloneMakeTheEngineDropTheParseOfACollectedSource() throws Exception {
        pool.close();   // its thread would make a spare realm, whose prelude's lookups remove dead entries too
        try (Context witness = engine.newContext(new ModuleFileSystem())) {
            witness.eval("js", "0");
            Source module = Source.newBuilder("js", "export default 'alone-marker-4';", "/alone.js")
                    .mimeType("application/javascript+module").cached(true).buildLiteral();
            try (Context context = engine.newContext(new ModuleFileSystem())) {
                context.eval(module);
            }
            collect();
            assertTrue(engineHoldsParseOf(witness, "alone-marker-4"), "the parse of a source still held was dropped");
            module = null;
            long before = engine.parsedCodeReleases();
            for (int i = 0; i < 40 && engineHoldsParseOf(witness, "alone-marker-4"); i++) {
                long releases = engine.parsedCodeReleases();
                collect();
                for (int j = 0; j < 40 && engine.parsedCodeReleases() == releases; j++) {
                    Thread.sleep(25);
                }
            }
            assertTrue(engine.parsedCodeReleases() > before, "no release ran after full collections");
            assertFalse(engineHoldsParseOf(witness, "alone-marker-4"), "the engine still holds the parse of a source nothing holds");
        }
    }

    /**
     * Whether the engine's weak source cache (of {@code witness}'s sharing layer) has an entry for a source containing
     * {@code marker}: read by reflection from Truffle's internals (a layer below the edge; 25.0's field names), without
     * asking the engine, which would remove dead entries itself.
     */
    private static boolean engineHoldsParseOf(Context witness, String marker) throws ReflectiveOperationException {
        Object shared = field(field(field(witness, "receiver"), "layer"), "shared");
        java.util.Map<?, ?> entries = (java.util.Map<?, ?>) field(field(field(shared, "sourceCache"), "weakCache"), "sourceCache");
        for (Object value : entries.values()) {
            Object source = field(value, "source");
            Object characters = Class.forName("com.oracle.truffle.api.source.Source").getMethod("getCharacters").invoke(source);
            if (characters.toString().contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static Object field(Object object, String name) throws ReflectiveOperationException {
        for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(object);
            } catch (NoSuchFieldException e) {
                // a superclass declares it
            }
        }
        throw new NoSuchFieldException(object.getClass().getName() + "." + name);
    }
}
