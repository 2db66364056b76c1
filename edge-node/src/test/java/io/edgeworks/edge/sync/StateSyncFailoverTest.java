package io.edgeworks.edge.sync;

import io.edgeworks.testsupport.RedisSentinelGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleSigner;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.SignedBundle;
import io.edgeworks.bundle.VersionSpec;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.SecretOpener;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.KvStore;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state sync follows a Sentinel failover by itself (README "Redis failover"): real Redis processes (a primary, a
 * replica, three Sentinels: {@link RedisSentinelGroup}), the node configured with the Sentinels only. The primary is
 * killed with {@code kill -9}; meanwhile the node keeps serving its last state from memory, every request answered;
 * the Sentinels promote the replica; a publication through Sentinel succeeds on the new primary, and the node, having
 * reconnected there, serves it. Prints the times from the kill.
 */
class StateSyncFailoverTest {
    static final EnvironmentRef HELLO = EnvironmentRef.parse("acme/hello/production");
    static final String HOST = "hello.acme.localhost";
    static RedisSentinelGroup group;
    static Vertx vertx;
    static Redis writer;
    static JsEngine engine;
    static WorkerPool pool;
    static LiveGraph live;
    static EdgeMetrics metrics;
    static StateSync sync;
    static BundleSigner signer;
    static final Map<String, String> environments = new TreeMap<>();
    static final Map<String, String> hostnames = new TreeMap<>();
    static long manifestSequence;

    @BeforeAll
    static void start() throws Exception {
        group = RedisSentinelGroup.start();
        vertx = Vertx.vertx();
        RedisAccess access = new RedisAccess(group.sentinelUrls(), null, null, true, RedisSentinelGroup.MASTER);
        // the test publishes through Sentinel too, as platform-api does
        writer = Redis.createClient(vertx, access.options().setMaxPoolSize(4).setMaxPoolWaiting(16));
        KeyPair keys = Ed25519Keys.generate();
        signer = new BundleSigner("k1", keys.getPrivate());
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        OutboundHttp noHttp = (r, m) -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no network"));
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2), noHttp, (KvStore) null,
                io.edgeworks.edge.runtime.RuntimeEvents.NONE);
        pool.warmedUp().join();
        live = new LiveGraph();
        metrics = new EdgeMetrics(new SimpleMeterRegistry());
        publish(1, "v1");
        GraphBuilder builder = new GraphBuilder(pool::load, new SecretOpener(null), 1 << 20, 30_000);
        // the production reconnect settings (edge.sync.reconnect-*): 200 ms doubling, at most 1 s with Sentinel
        sync = new StateSync(vertx, access, new BundleVerifier(Map.of("k1", keys.getPublic())), builder, live, metrics, 200, 5000);
        sync.start();
        RedisSentinelGroup.await("the first load", Duration.ofSeconds(20), sync::loaded);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sync != null) {
            sync.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    void theNodeKeepsServingThroughAFailoverAndFollowsTheNewPrimary() throws Exception {
        assertEquals("v1", serve());
        long v2 = publish(2, "v2");
        RedisSentinelGroup.await("v2 applied", Duration.ofSeconds(10), () -> sync.appliedSequence() >= v2);
        assertEquals("v2", serve());
        // v2 is on the replica before the kill (replication is asynchronous: without this a failover may lose it)
        group.awaitReplicated(Duration.ofSeconds(5));

        int old = group.killPrimary();
        long killedAt = System.nanoTime();
        long served = 0;
        long published = -1;
        long writeMs = -1;
        // while the Sentinels switch: every request is served from memory, and the next publication is retried
        // (through Sentinel) until the new primary takes it
        while (published < 0) {
            assertEquals("v2", serve(), "the last state keeps serving during the failover");
            served++;
            try {
                published = publish(3, "v3");
                writeMs = (System.nanoTime() - killedAt) / 1_000_000;
            } catch (Exception e) {
                assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30), "no write accepted 30 s after the kill: " + e);
                Thread.sleep(50);
            }
        }
        long seq = published;
        RedisSentinelGroup.await("the node to apply the publication made on the new primary", Duration.ofSeconds(20),
                () -> sync.appliedSequence() >= seq);
        long followMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertEquals("v3", serve());
        assertNotEquals(old, group.primaryPort(), "the Sentinels promoted the replica");
        assertEquals(null, sync.lastFailure(), "following again");
        System.out.printf("edge failover: kill -9 of the primary -> first write accepted %d ms, -> node serves it %d ms;"
                + " %d requests served meanwhile, none failed%n", writeMs, followMs, served);
    }

    static Response cmd(Request request) throws Exception {
        return writer.send(request).toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
    }

    /** Publishes like platform-api: bundle, signed manifest and sequence, then the notice. */
    static long publish(int number, String text) throws Exception {
        TreeMap<String, String> modules = new TreeMap<>(Map.of("worker.js",
                "export default { fetch() { return new Response(" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "); } }"));
        VersionSpec version = new VersionSpec("id-" + number, number, "worker.js", modules, null, null, null, null,
                io.edgeworks.bundle.Digests.sha256Hex(text.getBytes()));
        EnvironmentSpec spec = new EnvironmentSpec(HELLO, HOST, Deployment.single(number, number), List.of(version));
        SignedBundle signed = signer.sign(new Bundle(Bundle.FORMAT, HELLO, List.of(spec)));
        cmd(Request.cmd(Command.SET).arg(RedisLayout.bundleKey(signed.digest())).arg(Buffer.buffer(signed.toBytes())));
        environments.put(HELLO.key(), signed.digest());
        hostnames.put(HOST, HELLO.key());
        AccountManifest manifest = new AccountManifest("acme", ++manifestSequence, "localhost", List.of(), environments, hostnames, List.of());
        cmd(Request.cmd(Command.HSET).arg(RedisLayout.MANIFESTS).arg("acme").arg(Buffer.buffer(signer.sign(manifest).toBytes())));
        long sequence = cmd(Request.cmd(Command.INCR).arg(RedisLayout.SEQUENCE)).toLong();
        cmd(Request.cmd(Command.PUBLISH).arg(RedisLayout.NOTICES).arg(NoticeCodec.encode(new Notice(sequence, List.of("acme"), false))));
        return sequence;
    }

    static String serve() throws Exception {
        EdgeRequest request = new EdgeRequest("GET", "http://" + HOST + "/", List.of(Map.entry("host", HOST)), null);
        EnvironmentNode node = live.get().resolve(request);
        if (node == null) {
            return "404";
        }
        return pool.submit(node.pick(request), request, live.get()).get(10, TimeUnit.SECONDS).response().bodyText();
    }
}
