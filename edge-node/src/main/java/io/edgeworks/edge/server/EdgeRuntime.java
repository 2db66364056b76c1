package io.edgeworks.edge.server;

import io.edgeworks.edge.api.env.BoundedKvStore;
import io.edgeworks.edge.api.env.KvAcks;
import io.edgeworks.edge.api.env.RedisKvStore;
import io.edgeworks.edge.api.fetch.AddressPolicy;
import io.edgeworks.edge.api.fetch.HostResolver;
import io.edgeworks.edge.api.fetch.NodeAddresses;
import io.edgeworks.edge.api.fetch.OutboundFetcher;
import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.SecretOpener;
import io.edgeworks.edge.graph.VersionLoader;
import io.edgeworks.edge.analytics.EdgeAnalytics;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.WorkerPool;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Wires the runtime (engine, worker pool, channels) and the graph builder from {@link EdgeConfig}. */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class EdgeRuntime {
    private static final Logger LOG = Logger.getLogger(EdgeRuntime.class);

    private final EdgeConfig config;
    private final Vertx vertx;
    private final RedisDataSource redis;
    private final EdgeMetrics metrics;
    private final EdgeAnalytics analytics;
    private final StateRedis stateRedis;
    private KvAcks acks;
    private JsEngine engine;
    private WorkerPool pool;
    private GraphBuilder builder;

    public EdgeRuntime(EdgeConfig config, Vertx vertx, @RedisClientName("kv") RedisDataSource redis, EdgeMetrics metrics,
                       EdgeAnalytics analytics, StateRedis stateRedis) {
        this.stateRedis = stateRedis;
        this.config = config;
        this.vertx = vertx;
        this.redis = redis;
        this.metrics = metrics;
        this.analytics = analytics;
    }

    @PostConstruct
    void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all(), config.limits().allocatedBytes());
        if (engine.optimizing()) {
            LOG.infof("GraalJS %s: optimizing runtime active (%s), compilation mode %s", engine.version(),
                    engine.implementationName(), engine.compilationMode());
        } else {
            LOG.warnf("GraalJS %s runs INTERPRETED ONLY (%s): JavaScript will be several times slower. "
                    + "Start the edge with the JVM options printed by edge-node/jvm-options.sh to enable the Graal JIT.",
                    engine.version(), engine.implementationName());
        }
        EdgeConfig.Runtime rt = config.runtime();
        EdgeConfig.Limits limits = config.limits();
        int threads = rt.workerThreads() > 0 ? rt.workerThreads() : 2 * Runtime.getRuntime().availableProcessors();
        RuntimeSettings settings = new RuntimeSettings(threads, rt.maxQueuedRequests(), rt.maxContextsPerThread(),
                rt.contextIdleSeconds() * 1000L, rt.watchdogIntervalMs(), limits.wallClockMs(), limits.waitUntilMs(),
                limits.subrequests(), limits.bindingDepth(), limits.startupMs(), limits.allocatedBytes(), limits.moduleBytes(),
                rt.maxWorkerThreads(), rt.extraWorkerIdleSeconds() * 1000L, limits.streamIdleMs(), rt.spareContextsPerThread(),
                new RuntimeSettings.Fairness(rt.accountMaxRunning(), rt.accountMaxConcurrent(), rt.accountMaxQueued(),
                        rt.accountCompileBurstMs(), rt.accountCompileSharePercent(), rt.accountCpuBurstMs(),
                        rt.accountCpuBurstSharePercent()),
                Runtime.getRuntime().maxMemory() / 100 * Math.clamp(rt.heapLimitPercent(), 10, 100), limits.contextHeapBytes(),
                limits.versionHeapBytes(), limits.contextHeapWalkMs());
        EdgeConfig.Fetch fetch = config.fetch();
        NodeAddresses nodeAddresses = NodeAddresses.scan();
        nodeAddresses.refreshEvery(vertx);
        HostResolver resolver = new HostResolver(vertx, fetch.dnsServers().orElse(List.of()), fetch.dnsTimeoutMs());
        OutboundFetcher fetcher = new OutboundFetcher(vertx, new AddressPolicy(fetch.allowPrivate(), nodeAddresses), resolver,
                fetch.timeoutMs(), fetch.maxResponseBytes(), fetch.maxRedirects());
        EdgeConfig.Kv kv = config.kv();
        if (kv.durableWaitMs() > 0) {
            acks = new KvAcks(vertx, stateRedis.kvAccess()::options, stateRedis.kvAccess().redacted());
        } else {
            LOG.warn("KV writes resolve before they are durable (edge.kv.durable-wait-ms=0): a Redis data loss can lose the last ones");
        }
        pool = new WorkerPool(engine, settings, fetcher, new BoundedKvStore(new RedisKvStore(redis, kv.maxKeysPerNamespace(),
                kv.maxBacklog(), acks, kv.durableWaitMs(), kv.failMissesWhileRestoring()),
                kv.maxValueBytes(), kv.maxKeyBytes()), RuntimeEvents.both(metrics, analytics));
        metrics.pool(pool);
        builder = new GraphBuilder(VersionLoader.of(pool::load, pool::retainOnly), new SecretOpener(config.bundleSecretKey().orElse(null)), limits.moduleBytes(), limits.maxCpuMs());
        LOG.infof("fetch(): DNS servers %s (%s), private addresses %s", resolver.servers(),
                fetch.dnsServers().isPresent() ? "edge.fetch.dns-servers" : "/etc/resolv.conf",
                fetch.allowPrivate() ? "ALLOWED (edge.fetch.allow-private)" : "refused");
        LOG.infof("edge runtime: %d worker threads (up to %d while requests wait), default CPU limit %d ms, per-context heap"
                        + " limit %s", threads, settings.maxWorkerThreads(), limits.cpuMs(),
                limits.contextHeapBytes() <= 0 ? "off (edge.limits.context-heap-bytes=0)"
                        : engine.contextHeap() == null ? "OFF: this runtime cannot walk a realm's heap (no Graal compiler)"
                        : (limits.contextHeapBytes() >> 20) + " MB, " + (limits.versionHeapBytes() <= 0
                        ? "no bound on a version's realms together (edge.limits.version-heap-bytes=0)"
                        : (limits.versionHeapBytes() >> 20) + " MB for a version's realms together"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (acks != null) {
            acks.close();
        }
        pool.close();
        engine.close();
    }

    public WorkerPool pool() {
        return pool;
    }

    public GraphBuilder builder() {
        return builder;
    }

    public JsEngine engine() {
        return engine;
    }
}
