package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.api.WebApis;
import java.lang.ref.WeakReference;
import java.util.Set;
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
        collect();
        collect();
        assertTrue(cached("kept-marker-1"), "the parse of a module whose realm is cached was dropped");
        assertEquals("kept-marker-1", TestWorkers.run(pool, version, TestWorkers.get("http://kept.localhost/")).response().bodyText());
    }

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
            dropped = !cached("gone-marker-2");
        }
        assertTrue(dropped, "the engine still holds the parse of a version with no realm");
        assertTrue(cached("stays-marker-3"));
        assertEquals("stays-marker-3", TestWorkers.run(pool, stays, TestWorkers.get("http://stays.localhost/")).response().bodyText());
    }

    @Test
    void aFullCollectionMakesTheEngineDropCollectedSourcesByItself() throws Exception {
        long before = engine.parsedCodeReleases();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (engine.parsedCodeReleases() == before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        assertFalse(engine.parsedCodeReleases() == before, "no release ran after full collections");
    }
}
