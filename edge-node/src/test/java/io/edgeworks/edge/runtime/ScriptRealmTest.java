package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The classic-script seam: a fresh tenant-like realm, global-scope scripts, and the event loop. */
class ScriptRealmTest {
    private static JsEngine engine;
    private static WorkerPool pool;
    private static final RequestLimits LIMITS = new RequestLimits(5_000, 5_000, 0, 1, 1, 5_000, Long.MAX_VALUE);

    @BeforeAll
    static void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP,
                TestWorkers.NO_KV, RuntimeEvents.NONE);
    }

    @AfterAll
    static void stop() {
        pool.close();
        engine.close();
    }

    @Test
    void scriptsShareTheGlobalScopeAndTimersRunWhenPumped() throws Exception {
        String order = pool.runScripts(LIMITS, realm -> {
            realm.eval("a.js", "var log = []; function note(x) { log.push(x); }");
            realm.eval("b.js", "setTimeout(() => note('timer'), 5); Promise.resolve().then(() => note('job')); note('sync');");
            boolean done = realm.pumpUntil(() -> realm.global().getMember("log").getArraySize() == 3, 2_000);
            assertTrue(done, "the timer fired");
            return realm.eval("c.js", "log.join(',')").asString();
        }).get(30, TimeUnit.SECONDS);
        assertEquals("sync,job,timer", order);
    }

    @Test
    void preludeErrorsAreTheRealmsOwnAndRealmsAreFresh() throws Exception {
        pool.runScripts(LIMITS, realm -> realm.eval("x.js", "globalThis.leak = 1")).get(30, TimeUnit.SECONDS);
        String result = pool.runScripts(LIMITS, realm -> realm.eval("y.js", """
                let kind;
                try { new URL('not a url'); } catch (e) { kind = (e instanceof TypeError) + ':' + (e.constructor === TypeError); }
                kind + ':' + (typeof leak)
                """).asString()).get(30, TimeUnit.SECONDS);
        assertEquals("true:true:undefined", result);
    }

    @Test
    void pumpStopsAtItsTimeout() throws Exception {
        boolean done = pool.runScripts(LIMITS, realm -> realm.pumpUntil(() -> false, 100)).get(30, TimeUnit.SECONDS);
        assertFalse(done);
    }
}
