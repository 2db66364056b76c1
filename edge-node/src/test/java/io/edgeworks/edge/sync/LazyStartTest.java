package io.edgeworks.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.BundleSigner;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.edge.fixtures.ManyPublisher;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.SecretOpener;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.KvStore;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's first load compiles nothing (edge.sync.lazy-start): against a real, private redis-server holding 300 signed
 * environments, the node is ready without loading a single version, serves the one environment requested (compiling
 * it then, on one thread, outside the request's CPU time) and compiles none of the others; a version published after
 * start is still loaded before it is swapped in.
 */
class LazyStartTest {
    static final int ENVIRONMENTS = 300;
    static RedisServerProcess server;
    static Vertx vertx;
    static RedisConnection redis;
    static JsEngine engine;
    static WorkerPool pool;
    static StateSync sync;
    static BundleSigner signer;
    static final LiveGraph live = new LiveGraph();
    static final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new RedisServerProcess(6395 + RedisServerProcess.PORT_OFFSET);
        server.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.url()).connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.send(Request.cmd(Command.FLUSHALL)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        KeyPair keys = Ed25519Keys.generate();
        signer = new BundleSigner("k1", keys.getPrivate());
        ManyPublisher.publish(redis, signer, ENVIRONMENTS, "localhost");
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        OutboundHttp noHttp = (r, m) -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no network"));
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2), noHttp, (KvStore) null,
                io.edgeworks.edge.runtime.RuntimeEvents.NONE);
        pool.warmedUp().join();
        GraphBuilder builder = new GraphBuilder(version -> {
            loads.incrementAndGet();
            return pool.load(version);
        }, new SecretOpener(null), 1 << 20, 30_000);
        sync = new StateSync(vertx, server.url(), new BundleVerifier(Map.of("k1", keys.getPublic())), builder, live,
                new EdgeMetrics(new SimpleMeterRegistry()), 100, 1000);
        sync.lazyStart(true);
        sync.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sync.close();
        pool.close();
        engine.close();
        redis.close();
        vertx.close();
        server.close();
    }

    @Test
    void servesOneEnvironmentAndCompilesNoOther() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sync.loaded() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sync.loaded(), "the first load was not applied within 30 s");
        assertEquals(ENVIRONMENTS, live.get().environments().size(), "every environment is in the graph");
        assertEquals(0, loads.get(), "the first load compiled versions up front");
        long compiledBefore = pool.compiledContexts();

        assertEquals("ok s137", serve(ManyPublisher.hostname(137, "localhost")));
        assertEquals(compiledBefore + 1, pool.compiledContexts(), "the one environment requested compiled once, no other did");
        assertEquals("ok s137", serve(ManyPublisher.hostname(137, "localhost")), "served again from its context");
        assertEquals("ok s0", serve(ManyPublisher.hostname(0, "localhost")));
        assertTrue(pool.compiledContexts() <= compiledBefore + 3, "only the requested environments compiled");

        // A later publication is loaded before it is served, as always: the 301st environment arrives with a notice.
        long applied = sync.appliedSequence();
        ManyPublisher.publish(redis, signer, ENVIRONMENTS + 1, "localhost");
        while (sync.appliedSequence() == applied && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(20);
        }
        assertEquals(ENVIRONMENTS + 1, live.get().environments().size());
        assertEquals(1, loads.get(), "only the new environment's version was loaded; the lazily accepted ones were not");
        assertEquals("ok s" + ENVIRONMENTS, serve(ManyPublisher.hostname(ENVIRONMENTS, "localhost")));
    }

    static String serve(String host) throws Exception {
        EdgeRequest request = new EdgeRequest("GET", "http://" + host + "/", List.of(Map.entry("host", host)), null);
        EnvironmentNode node = live.get().resolve(request);
        assertNotNull(node, host + " is not in the graph");
        InvocationResult r = pool.submit(node.pick(request), request, live.get()).get(30, TimeUnit.SECONDS);
        assertEquals(200, r.response().status(), () -> host + ": " + r.error() + " " + r.logs());
        return r.response().bodyText();
    }
}
