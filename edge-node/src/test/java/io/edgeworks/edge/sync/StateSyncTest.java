package io.edgeworks.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import io.edgeworks.edge.runtime.InvocationResult;
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
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sync against a real, private redis-server: cold load, notices, gap → resync, tampered and
 * unknown-key bundles rejected while the previous version keeps serving, a Redis restart, and the trust
 * rules: tampered and replayed manifests refused, older bundles refused, routes and hostnames outside what
 * the account owns not served.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateSyncTest {
    static volatile java.util.Set<String> retained;
    static final EnvironmentRef HELLO = EnvironmentRef.parse("acme/hello/production");
    static RedisServerProcess server;
    static Vertx vertx;
    static Redis redis;
    static JsEngine engine;
    static WorkerPool pool;
    static LiveGraph live;
    static EdgeMetrics metrics;
    static StateSync sync;
    static BundleSigner signer;
    static long sequence;
    static byte[] firstManifest;

    @BeforeAll
    static void start() throws Exception {
        server = new RedisServerProcess(6397 + RedisServerProcess.PORT_OFFSET);
        server.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.url());
        cmd(Request.cmd(Command.FLUSHALL));
        KeyPair keys = Ed25519Keys.generate();
        signer = new BundleSigner("k1", keys.getPrivate());
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        OutboundHttp noHttp = (r, m) -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no network"));
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2), noHttp, (KvStore) null, io.edgeworks.edge.runtime.RuntimeEvents.NONE);
        pool.warmedUp().join();
        live = new LiveGraph();
        metrics = new EdgeMetrics(new SimpleMeterRegistry());
        // State published before the edge starts: the cold load must find it.
        publish(HELLO, "hello.acme.localhost", 1, "v1", false);
        // the loader EdgeRuntime gives the builder, and what StateSync last told it the served graph carries
        GraphBuilder builder = new GraphBuilder(io.edgeworks.edge.graph.VersionLoader.of(pool::load, served -> {
            retained = served;
            pool.retainOnly(served);
        }), new SecretOpener(null), 1 << 20, 30_000);
        sync = new StateSync(vertx, server.url(), new BundleVerifier(Map.of("k1", keys.getPublic())), builder, live, metrics, 100, 1000);
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

    static io.vertx.redis.client.Response cmd(Request request) throws Exception {
        return redis.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static SignedBundle bundle(EnvironmentRef ref, String hostname, int number, String text, BundleSigner by) {
        return bundle(ref, hostname, number, number, text, by);
    }

    /** A bundle whose deployment has sequence {@code deployment} (the tests use the version number unless they test rollback). */
    static SignedBundle bundle(EnvironmentRef ref, String hostname, int number, long deployment, String text, BundleSigner by) {
        TreeMap<String, String> modules = new TreeMap<>(Map.of("worker.js",
                "export default { fetch() { return new Response(" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "); } }"));
        VersionSpec version = new VersionSpec("id-" + number, number, "worker.js", modules, null, null, null, null,
                io.edgeworks.bundle.Digests.sha256Hex(text.getBytes()));
        EnvironmentSpec spec = new EnvironmentSpec(ref, hostname, Deployment.single(number, deployment), List.of(version));
        return by.sign(new Bundle(Bundle.FORMAT, ref, List.of(spec)));
    }

    /** The account "acme" as platform-api would publish it; every change signs a manifest with the next sequence. */
    static final Map<String, String> environments = new TreeMap<>();
    static final Map<String, String> hostnames = new TreeMap<>();
    static final List<AccountManifest.Route> routes = new java.util.ArrayList<>();
    static final List<String> domains = new java.util.ArrayList<>();
    static long manifestSequence;

    /** Publishes like platform-api: bundle, signed manifest and sequence, then the notice (unless silent). */
    static long publish(EnvironmentRef ref, String hostname, int number, String text, boolean notify) throws Exception {
        return publishEnvelope(ref, hostname, bundle(ref, hostname, number, text, signer), notify, 1);
    }

    static long publishEnvelope(EnvironmentRef ref, String hostname, SignedBundle signed, boolean notify, int step) throws Exception {
        byte[] envelope = signed.toBytes();
        return publishRaw(ref, hostname, signed.digest(), envelope, notify, step);
    }

    static long publishRaw(EnvironmentRef ref, String hostname, String digest, byte[] envelope, boolean notify, int step) throws Exception {
        cmd(Request.cmd(Command.SET).arg(RedisLayout.bundleKey(digest)).arg(Buffer.buffer(envelope)));
        environments.put(ref.key(), digest);
        hostnames.put(hostname, ref.key());
        return publishManifest(signer.sign(manifest(++manifestSequence)).toBytes(), notify, step);
    }

    static AccountManifest manifest(long sequence) {
        return new AccountManifest("acme", sequence, "localhost", domains, environments, hostnames, routes);
    }

    /** Files {@code envelope} as acme's manifest, advances the global sequence and notifies. */
    static long publishManifest(byte[] envelope, boolean notify, int step) throws Exception {
        cmd(Request.cmd(Command.HSET).arg(RedisLayout.MANIFESTS).arg("acme").arg(Buffer.buffer(envelope)));
        sequence = cmd(Request.cmd(Command.INCRBY).arg(RedisLayout.SEQUENCE).arg(step)).toLong();
        if (notify) {
            cmd(Request.cmd(Command.PUBLISH).arg(RedisLayout.NOTICES).arg(NoticeCodec.encode(new Notice(sequence, List.of("acme"), false))));
        }
        return sequence;
    }

    static byte[] currentManifest() throws Exception {
        return cmd(Request.cmd(Command.HGET).arg(RedisLayout.MANIFESTS).arg("acme")).toBytes();
    }

    static String serve(String host) throws Exception {
        EdgeRequest request = new EdgeRequest("GET", "http://" + host + "/", List.of(Map.entry("host", host)), null);
        EnvironmentNode node = live.get().resolve(request);
        if (node == null) {
            return "404";
        }
        InvocationResult r = pool.submit(node.pick(request), request, live.get()).get(10, TimeUnit.SECONDS);
        return r.response().bodyText();
    }

    static long await(BooleanSupplier condition, String what) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
        return System.nanoTime() - start;
    }

    @Test
    @Order(1)
    void coldLoadServesWhatWasPublishedBeforeStart() throws Exception {
        await(sync::loaded, "first load");
        firstManifest = currentManifest();
        assertEquals(sequence, sync.appliedSequence());
        assertEquals("v1", serve("hello.acme.localhost"));
    }

    @Test
    @Order(2)
    void noticeAppliesANewVersionWithinMilliseconds() throws Exception {
        long published = System.nanoTime();
        long seq = publish(HELLO, "hello.acme.localhost", 2, "v2", true);
        await(() -> sync.appliedSequence() == seq, "notice " + seq);
        assertEquals("v2", serve("hello.acme.localhost"));
        System.out.printf("[measure] publish → new version served: %.1f ms%n", (System.nanoTime() - published) / 1e6);
    }

    @Test
    @Order(3)
    void gapInSequenceTriggersAFullResync() throws Exception {
        double before = metrics.counter("edge_resyncs_total", "cause", "gap");
        EnvironmentRef other = EnvironmentRef.parse("acme/other/production");
        // A publication whose notice was lost, then one with a notice: the edge sees a gap.
        publish(other, "other.acme.localhost", 1, "other v1", false);
        long seq = publish(HELLO, "hello.acme.localhost", 3, "v3", true);
        await(() -> sync.appliedSequence() == seq, "resync to " + seq);
        assertEquals(before + 1, metrics.counter("edge_resyncs_total", "cause", "gap"));
        assertEquals("other v1", serve("other.acme.localhost"));
        assertEquals("v3", serve("hello.acme.localhost"));
    }

    @Test
    @Order(4)
    void tamperedOrForeignSignedBundleIsRejectedAndThePreviousVersionKeepsServing() throws Exception {
        SignedBundle good = bundle(HELLO, "hello.acme.localhost", 4, "v4 tampered", signer);
        byte[] payload = good.payload().clone();
        String json = new String(payload, java.nio.charset.StandardCharsets.UTF_8).replace("v4 tampered", "v4 TAMPERED");
        SignedBundle tampered = new SignedBundle(good.keyId(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8), good.signature());
        long seq = publishEnvelope(HELLO, "hello.acme.localhost", tampered, true, 1);
        await(() -> sync.appliedSequence() == seq, "tampered notice " + seq);
        assertEquals("v3", serve("hello.acme.localhost"));
        assertEquals(1.0, metrics.counter("edge_bundle_rejects_total", "reason", "bad_signature"));

        BundleSigner stranger = new BundleSigner("k-unknown", Ed25519Keys.generate().getPrivate());
        long seq2 = publishEnvelope(HELLO, "hello.acme.localhost", bundle(HELLO, "hello.acme.localhost", 5, "v5 foreign", stranger), true, 1);
        await(() -> sync.appliedSequence() == seq2, "foreign notice " + seq2);
        assertEquals("v3", serve("hello.acme.localhost"));
        assertEquals(1.0, metrics.counter("edge_bundle_rejects_total", "reason", "unknown_key"));

        long seq3 = publishRaw(HELLO, "hello.acme.localhost", "00".repeat(32), "not an envelope".getBytes(), true, 1);
        await(() -> sync.appliedSequence() == seq3, "garbage notice " + seq3);
        assertEquals("v3", serve("hello.acme.localhost"));
        assertTrue(metrics.counter("edge_bundle_rejects_total", "reason", "malformed") >= 1.0);
    }

    @Test
    @Order(5)
    void redisRestartKeepsServingThenReconnectsAndFollowsAgain() throws Exception {
        server.stop();
        Thread.sleep(300);
        assertEquals("v3", serve("hello.acme.localhost"), "last good state keeps serving while Redis is away");
        server.start();
        double resyncs = metrics.counter("edge_resyncs_total", "cause", "reconnect");
        await(() -> metrics.counter("edge_resyncs_total", "cause", "reconnect") > resyncs, "reconnect resync");
        long seq = publish(HELLO, "hello.acme.localhost", 6, "v6 after restart", true);
        await(() -> sync.appliedSequence() == seq, "notice after restart " + seq);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
    }

    private static double refused(String kind, String reason) {
        return metrics.counter("edge_state_refused_total", "kind", kind, "reason", reason);
    }

    @Test
    @Order(6)
    void tamperedManifestIsRefusedAndTheAccountKeepsServing() throws Exception {
        SignedBundle good = SignedBundle.fromBytes(signer.sign(manifest(manifestSequence + 1)).toBytes());
        String payload = new String(good.payload(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"hello.acme.localhost\":\"acme/hello/production\"", "\"hello.acme.localhost\":\"acme/other/production\"");
        SignedBundle tampered = new SignedBundle(good.keyId(), payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), good.signature());
        long seq = publishManifest(tampered.toBytes(), true, 1);
        await(() -> sync.appliedSequence() == seq, "tampered manifest notice " + seq);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
        assertEquals(1.0, refused("manifest", "bad_signature"));

        BundleSigner stranger = new BundleSigner("k-unknown", Ed25519Keys.generate().getPrivate());
        long seq2 = publishManifest(stranger.sign(manifest(manifestSequence + 1)).toBytes(), true, 1);
        await(() -> sync.appliedSequence() == seq2, "foreign manifest notice " + seq2);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
        assertEquals(1.0, refused("manifest", "unknown_key"));
    }

    @Test
    @Order(7)
    void replayedOlderManifestIsRefusedAndCountedAndTheSameOneAgainIsANoOp() throws Exception {
        byte[] current = signer.sign(manifest(manifestSequence)).toBytes();
        long seq = publishManifest(firstManifest, true, 1);
        await(() -> sync.appliedSequence() == seq, "replayed manifest notice " + seq);
        assertEquals("v6 after restart", serve("hello.acme.localhost"), "the old manifest pointed at v1: not rolled back");
        assertEquals(1.0, refused("manifest", "replayed"));

        double before = metrics.counter("edge_state_refused_total", "kind", "manifest");
        long seq2 = publishManifest(current, true, 1);
        await(() -> sync.appliedSequence() == seq2, "same manifest again " + seq2);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
        assertEquals(before, metrics.counter("edge_state_refused_total", "kind", "manifest"), "equal sequence, same bytes: a no-op");

        // the same sequence signed over other content is refused too
        Map<String, String> saved = new TreeMap<>(hostnames);
        hostnames.put("extra.acme.localhost", HELLO.key());
        long seq3 = publishManifest(signer.sign(manifest(manifestSequence)).toBytes(), true, 1);
        hostnames.clear();
        hostnames.putAll(saved);
        await(() -> sync.appliedSequence() == seq3, "conflicting manifest " + seq3);
        assertEquals("404", serve("extra.acme.localhost"));
        assertEquals(1.0, refused("manifest", "conflict"));

        // a full resync (here after a gap) refuses the old manifest as well
        double replays = refused("manifest", "replayed");
        long seq4 = publishManifest(firstManifest, true, 2);
        await(() -> sync.appliedSequence() == seq4, "resync after gap " + seq4);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
        assertEquals(replays + 1, refused("manifest", "replayed"));
        long seq5 = publishManifest(current, true, 1);
        await(() -> sync.appliedSequence() == seq5, "current manifest again " + seq5);
    }

    @Test
    @Order(8)
    void olderBundleIsRefusedEvenInAValidNewerManifest() throws Exception {
        long seq = publishEnvelope(HELLO, "hello.acme.localhost", bundle(HELLO, "hello.acme.localhost", 2, 2, "v2 replayed", signer), true, 1);
        await(() -> sync.appliedSequence() == seq, "older bundle notice " + seq);
        assertEquals("v6 after restart", serve("hello.acme.localhost"));
        assertEquals(1.0, refused("bundle", "older"));

        // an environment the graph does not carry (deleted meanwhile) has request metrics from before
        EnvironmentRef gone = new EnvironmentRef("acme", "gone", "production");
        metrics.request(HELLO, 200, 1_000_000, 0);
        metrics.request(gone, 200, 1_000_000, 0);
        assertEquals(java.util.Set.of(HELLO, gone), metrics.environmentsWithRequests());
        long seq2 = publish(HELLO, "hello.acme.localhost", 7, "v7", true);
        await(() -> sync.appliedSequence() == seq2, "newer bundle notice " + seq2);
        assertEquals(java.util.Set.of(HELLO), metrics.environmentsWithRequests(), "after the swap the metrics follow the served graph");
        assertEquals("v7", serve("hello.acme.localhost"), "a newer deployment is served again");
        assertEquals(live.get().contextKeys(), retained, "after the swap the pool was told what the served graph carries");
        assertTrue(live.get().contextKeys().stream().noneMatch(key -> key.startsWith(HELLO.key() + "#6#")), "not version 6");
    }

    @Test
    @Order(9)
    void routesOutsideTheAccountsDomainsAndForeignHostnamesAreNotServed() throws Exception {
        domains.add("acme.example");
        routes.add(new AccountManifest.Route("r-own", "shop.acme.example/*", HELLO.key()));
        routes.add(new AccountManifest.Route("r-victim", "*tim1.example/*", HELLO.key()));
        routes.add(new AccountManifest.Route("r-wide", "*example/*", HELLO.key()));
        hostnames.put("hello.victim.localhost", HELLO.key());
        long seq = publishManifest(signer.sign(manifest(++manifestSequence)).toBytes(), true, 1);
        await(() -> sync.appliedSequence() == seq, "manifest with routes " + seq);
        assertEquals("v7", serve("shop.acme.example"), "a route inside the account's domain is served");
        assertEquals("404", serve("victim1.example"));
        assertEquals("404", serve("a.tim1.example"), "the pattern's host is not the account's: not served at all");
        assertEquals("404", serve("hello.victim.localhost"), "a generated hostname of another account is not served");
        assertEquals(1.0, refused("route", "outside_domains"));
        assertEquals(1.0, refused("route", "invalid_pattern"), "'*example' has a one-label host");
        assertEquals(1.0, refused("hostname", "outside_account"));
    }

    @Test
    @Order(10)
    void aNoticeOfOneAccountLeavesEveryOtherAccountsEnvironmentsAsTheyWere() throws Exception {
        EnvironmentRef shop = new EnvironmentRef("able", "shop", "production");
        SignedBundle ableShop = bundle(shop, "shop.able.localhost", 1, "able's shop", signer);
        cmd(Request.cmd(Command.SET).arg(RedisLayout.bundleKey(ableShop.digest())).arg(Buffer.buffer(ableShop.toBytes())));
        AccountManifest able = new AccountManifest("able", 1, "localhost", List.of(), Map.of(shop.key(), ableShop.digest()),
                Map.of("shop.able.localhost", shop.key()), List.of());
        cmd(Request.cmd(Command.HSET).arg(RedisLayout.MANIFESTS).arg("able").arg(Buffer.buffer(signer.sign(able).toBytes())));
        long seq = cmd(Request.cmd(Command.INCRBY).arg(RedisLayout.SEQUENCE).arg(1)).toLong();
        sequence = seq;
        cmd(Request.cmd(Command.PUBLISH).arg(RedisLayout.NOTICES).arg(NoticeCodec.encode(new Notice(seq, List.of("able"), false))));
        await(() -> sync.appliedSequence() == seq, "able's notice " + seq);
        assertEquals("able's shop", serve("shop.able.localhost"));
        EnvironmentNode ableNode = live.get().environments().get(shop);
        EnvironmentNode helloNode = live.get().environments().get(HELLO);

        // a deploy in acme: its graph node is new, able's is the one built before (not converted or loaded again)
        long seq2 = publish(HELLO, "hello.acme.localhost", 8, "v8", true);
        await(() -> sync.appliedSequence() == seq2, "acme's notice " + seq2);
        assertEquals("v8", serve("hello.acme.localhost"));
        assertTrue(helloNode != live.get().environments().get(HELLO));
        assertSame(ableNode, live.get().environments().get(shop), "acme's notice did not rebuild able's environment");
        assertEquals("able's shop", serve("shop.able.localhost"));

        // able deleted: its environment and hostname go; acme's stays as it was
        EnvironmentNode hello8 = live.get().environments().get(HELLO);
        cmd(Request.cmd(Command.HDEL).arg(RedisLayout.MANIFESTS).arg("able"));
        long seq3 = cmd(Request.cmd(Command.INCRBY).arg(RedisLayout.SEQUENCE).arg(1)).toLong();
        sequence = seq3;
        cmd(Request.cmd(Command.PUBLISH).arg(RedisLayout.NOTICES).arg(NoticeCodec.encode(new Notice(seq3, List.of("able"), false))));
        await(() -> sync.appliedSequence() == seq3, "able's deletion " + seq3);
        assertEquals("404", serve("shop.able.localhost"));
        assertSame(hello8, live.get().environments().get(HELLO));
    }
}
