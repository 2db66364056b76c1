package io.edgeworks.edge.sync;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerificationException;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
import io.edgeworks.bundle.PublishedState;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.graph.BuildFailure;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Follows the published state in Redis. On (re)connect it subscribes to the notice channel first, then
 * loads a full MULTI/EXEC snapshot, so no publication can fall between the two. Each notice whose
 * sequence is exactly the next one is applied by re-reading the account manifests it names; a gap, a
 * {@code full} notice, a notice that cannot be applied, or a lost connection triggers a full resync.
 * While Redis is away the last good graph keeps serving and the loop reconnects with exponential
 * backoff. With Sentinel ({@link RedisAccess#sentinel()}) each reconnect asks the Sentinels for the primary, so the
 * node follows a failover by itself: the subscription and the snapshot move to the new primary, and the full load
 * catches up on every publication made meanwhile; the delay between attempts is then at most
 * {@value #SENTINEL_MAX_BACKOFF_MS} ms, as a promotion takes seconds. Every change is built into a new graph off to
 * the side and swapped in atomically.
 *
 * <p>Redis is not trusted: a manifest is applied only when {@link ManifestGate} admits it (signed, filed
 * under its own account, newer than the applied one), a bundle only when it verifies and its deployment is
 * not older than the one served ({@link #bundleFor}), and routes and hostnames only inside what the
 * account owns ({@link RoutingTables}). Everything refused is counted in {@code edge_state_refused_total}.
 */
public final class StateSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StateSync.class);
    private static final String DISCONNECTED = "\u0000disconnected";
    /** Longest delay between reconnect attempts with Sentinel: the new primary is expected within seconds. */
    static final long SENTINEL_MAX_BACKOFF_MS = 1000;

    private final Vertx vertx;
    private final RedisAccess redis;
    private volatile String lastFailure;
    private final BundleCache bundles;
    private final GraphBuilder builder;
    private final LiveGraph live;
    private final EdgeMetrics metrics;
    private final long backoffInitialMs;
    private final long backoffMaxMs;
    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    /**
     * Each applied account's verified bundle per environment: what the graph was last built from. A notice looks again
     * only at the accounts it names (and whose manifest changed); every other account keeps its entry as it was, so
     * applying a deploy costs the same with ten environments on the node as with ten thousand.
     */
    private final Map<String, Map<EnvironmentRef, Bundle>> bundlesByAccount = new HashMap<>();
    /** Each applied account's input to the graph builder; an unchanged account keeps the same object (the builder then takes its part over). */
    private final Map<String, GraphInput.AccountInput> inputs = new HashMap<>();
    private final ManifestGate gate;
    /** Each admitted account's routing tables, filtered by ownership once when its manifest was admitted. */
    private final Map<String, RoutingTables> tables = new HashMap<>();
    /** Highest deployment sequence served per environment key; never forgotten (no rollback). */
    private final Map<String, Long> deployments = new HashMap<>();
    /** Digests already rejected: content-addressed, so they stay rejected (counted and logged once). */
    private final java.util.Set<String> rejected = new java.util.HashSet<>();
    private final Thread thread;
    private volatile java.util.function.Consumer<Map<String, AccountManifest>> onApplied = accounts -> { };
    private volatile boolean lazyStart;
    private volatile boolean running = true;
    private volatile boolean loaded;
    private volatile long appliedSequence = -1;
    private PublishedState state = PublishedState.EMPTY;

    public StateSync(Vertx vertx, String redisUrl, BundleVerifier verifier, GraphBuilder builder, LiveGraph live,
                     EdgeMetrics metrics, long backoffInitialMs, long backoffMaxMs) {
        this(vertx, RedisAccess.of(redisUrl), verifier, builder, live, metrics, backoffInitialMs, backoffMaxMs);
    }

    public StateSync(Vertx vertx, RedisAccess redis, BundleVerifier verifier, GraphBuilder builder, LiveGraph live,
                     EdgeMetrics metrics, long backoffInitialMs, long backoffMaxMs) {
        this.vertx = vertx;
        this.redis = redis;
        this.bundles = new BundleCache(verifier);
        this.gate = new ManifestGate(verifier);
        this.builder = builder;
        this.live = live;
        this.metrics = metrics;
        this.backoffInitialMs = backoffInitialMs;
        this.backoffMaxMs = redis.sentinel() ? Math.min(backoffMaxMs, SENTINEL_MAX_BACKOFF_MS) : backoffMaxMs;
        this.thread = Thread.ofPlatform().name("edge-sync").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /**
     * Called on the sync thread after every applied state with all accounts' admitted manifests (e.g. to hand
     * their certificates to the TLS listener). Set it before {@link #start()}; it must not throw.
     */
    public void onApplied(java.util.function.Consumer<Map<String, AccountManifest>> listener) {
        this.onApplied = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * With {@code lazy}, the first load after start compiles nothing ({@link GraphBuilder#build(GraphInput,
     * io.edgeworks.edge.graph.ServiceGraph, boolean)}): versions compile on their first request. Set it before
     * {@link #start()}.
     */
    public void lazyStart(boolean lazy) {
        this.lazyStart = lazy;
    }

    /** True once the first complete load has been applied. */
    public boolean loaded() {
        return loaded;
    }

    /** Why the last attempt to follow Redis failed, or null while following. */
    public String lastFailure() {
        return lastFailure;
    }

    public long appliedSequence() {
        return appliedSequence;
    }

    private void loop() {
        long backoff = backoffInitialMs;
        while (running) {
            Redis client = Redis.createClient(vertx, redis.options().setMaxPoolSize(4)
                    .setMaxPoolWaiting(16));
            RedisConnection subscriber = null;
            RedisConnection commands = null;
            try {
                inbox.clear();
                subscriber = RedisStateReader.await(client.connect());
                subscriber.handler(this::onPush);
                subscriber.exceptionHandler(e -> inbox.add(DISCONNECTED));
                subscriber.endHandler(v -> inbox.add(DISCONNECTED));
                RedisStateReader.await(subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(RedisLayout.NOTICES)));
                commands = RedisStateReader.await(client.connect());
                RedisConnection cmd = commands;
                cmd.exceptionHandler(e -> inbox.add(DISCONNECTED));
                cmd.endHandler(v -> inbox.add(DISCONNECTED));
                RedisStateReader reader = new RedisStateReader(cmd);
                fullLoad(reader, loaded ? "reconnect" : "start");
                lastFailure = null;
                backoff = backoffInitialMs;
                follow(reader);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastFailure = failure(e);
                LOG.warnf("state sync: %s; serving the last good state, retrying in %d ms", lastFailure, backoff);
            } finally {
                close(subscriber);
                close(commands);
                client.close();
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoffMaxMs, backoff * 2);
        }
    }

    /** A failure as an operator can act on it: refused credentials and TLS problems name the settings to check. */
    private String failure(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !message.contains(t.getMessage())) {
                message += ": " + t.getMessage();
            }
        }
        String where = "Redis at " + redis.redacted();
        if (message.contains("WRONGPASS") || message.contains("NOAUTH") || message.contains("NOPERM")) {
            return where + " refused the credentials (" + message + "); check the user in EDGE_REDIS_URL"
                    + " (redis://user@host:port) and EDGE_REDIS_PASSWORD";
        }
        if (e instanceof javax.net.ssl.SSLException || message.contains("SSL") || message.contains("certificat")
                || message.contains("PKIX")) {
            return where + " failed the TLS handshake (" + message + "); check the trusted certificates"
                    + " (quarkus.redis.tls-configuration-name)";
        }
        return where + " unavailable (" + message + ")";
    }

    private static void close(RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    private void onPush(Response message) {
        // RESP2: ["message", channel, payload]; RESP3 push frames look the same.
        if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
            inbox.add(message.get(2).toString());
        }
    }

    private void follow(RedisStateReader reader) throws Exception {
        while (running) {
            String message = inbox.poll(1, TimeUnit.SECONDS);
            if (message == null) {
                continue;
            }
            if (message == DISCONNECTED) {
                throw new IllegalStateException("connection to Redis lost");
            }
            Notice notice;
            try {
                notice = NoticeCodec.decode(message);
            } catch (RuntimeException e) {
                LOG.warnf("state sync: unreadable notice (%s); full resync", e.getMessage());
                fullLoad(reader, "bad-notice");
                continue;
            }
            if (notice.sequence() <= appliedSequence) {
                continue;
            }
            if (notice.full() || notice.sequence() != appliedSequence + 1) {
                fullLoad(reader, notice.full() ? "full-notice" : "gap");
                continue;
            }
            try {
                applyNotice(reader, notice);
            } catch (RuntimeException e) {
                LOG.warnf("state sync: notice %d could not be applied (%s); full resync", notice.sequence(), e.getMessage());
                fullLoad(reader, "unappliable");
            }
        }
    }

    private void fullLoad(RedisStateReader reader, String cause) throws Exception {
        long started = System.nanoTime();
        RedisStateReader.Snapshot snapshot = reader.snapshot();
        readNanos = System.nanoTime() - started;
        metrics.resync(cause);
        LOG.infof("state sync: full load (%s) at sequence %d: %d account manifests", cause, snapshot.sequence(),
                snapshot.manifests().size());
        Map<String, byte[]> envelopes = new HashMap<>(snapshot.manifests());
        state.accounts().keySet().forEach(slug -> envelopes.putIfAbsent(slug, null));
        apply(reader, snapshot.sequence(), envelopes);
        LOG.infof("state sync: full load (%s) applied in %d ms: manifests read in %d ms, admitted in %d ms, %d environments,"
                        + " bundles fetched and verified in %d ms (%d new), graph built in %d ms (%s), swapped and served in %d ms",
                cause, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), TimeUnit.NANOSECONDS.toMillis(readNanos),
                TimeUnit.NANOSECONDS.toMillis(admitNanos), state.environments().size(),
                TimeUnit.NANOSECONDS.toMillis(verifyNanos), verifiedCount, TimeUnit.NANOSECONDS.toMillis(buildNanos),
                lastBuildLazy ? "lazy: versions compile on their first request"
                        : "new versions compiled and their global scope run first",
                TimeUnit.NANOSECONDS.toMillis(afterBuildNanos));
        loaded = true;
    }

    /** Timings of the last apply (a full load or a notice), for their log lines (sync thread only). */
    private long readNanos;
    private long verifyNanos;
    private long buildNanos;
    /** The manifests' admission (signature checks, routing tables) and what follows the build (swap, served, certificates). */
    private long admitNanos;
    private long afterBuildNanos;
    private int verifiedCount;
    private boolean lastBuildLazy;

    private void applyNotice(RedisStateReader reader, Notice notice) throws Exception {
        long started = System.nanoTime();
        RedisStateReader.Snapshot partial = reader.partial(notice.accounts());
        long read = System.nanoTime() - started;
        apply(reader, notice.sequence(), partial.manifests());
        if (LOG.isDebugEnabled()) {
            LOG.debugf("state sync: notice %d (%s) applied in %.1f ms: manifests read in %.1f ms, admitted in %.1f ms, bundles"
                            + " fetched and verified in %.1f ms (%d new), graph built in %.1f ms, swapped and served in %.1f ms",
                    notice.sequence(), notice.accounts(), (System.nanoTime() - started) / 1e6, read / 1e6, admitNanos / 1e6,
                    verifyNanos / 1e6, verifiedCount, buildNanos / 1e6, afterBuildNanos / 1e6);
        }
    }

    /**
     * Admits the given accounts' manifests (null: the account is gone), verifies the bundles of the accounts whose
     * manifest changed, then builds the graph from every applied account (the builder reuses what did not change). A
     * refused manifest leaves the account as it was.
     */
    private void apply(RedisStateReader reader, long sequence, Map<String, byte[]> envelopes) throws Exception {
        long admitStart = System.nanoTime();
        Map<String, AccountManifest> changes = new HashMap<>();
        envelopes.forEach((slug, envelope) -> {
            if (envelope == null) {
                changes.put(slug, null);
                tables.remove(slug);
                return;
            }
            switch (gate.admit(slug, envelope)) {
                case ManifestGate.Accepted accepted -> {
                    changes.put(slug, accepted.manifest());
                    tables.put(slug, RoutingTables.of(accepted.manifest(), metrics));
                }
                case ManifestGate.Unchanged unchanged -> {
                    if (state.accounts().get(slug) != unchanged.manifest()) {
                        // admitted before but not applied: it had disappeared from Redis and came back as it was, or the
                        // apply that admitted it failed (a full resync follows, which lands here)
                        changes.put(slug, unchanged.manifest());
                        tables.put(slug, RoutingTables.of(unchanged.manifest(), metrics));
                    }
                }
                case ManifestGate.Refused refused -> {
                    metrics.stateRefused("manifest", refused.reason());
                    LOG.errorf("state sync: refused the manifest of account %s (%s): %s; it keeps its applied state (sequence %d)",
                            slug, refused.reason(), refused.message(), gate.appliedSequence(slug));
                }
            }
        });
        PublishedState next = state.patch(sequence, changes);
        long verifyStart = System.nanoTime();
        admitNanos = verifyStart - admitStart;
        verifiedCount = 0;
        // Bundles new to this node, read in bulk and verified on all cores (one by one, a first load of thousands of
        // environments took minutes: a round trip and a signature check each, on one thread).
        java.util.Set<String> fresh = new java.util.HashSet<>();
        for (AccountManifest manifest : changes.values()) {
            if (manifest != null) {
                for (String digest : manifest.environments().values()) {
                    if (!rejected.contains(digest) && bundles.cached(digest) == null) {
                        fresh.add(digest);
                    }
                }
            }
        }
        Map<String, Object> prechecked = fresh.size() < 2 ? new HashMap<>() : bundles.verifyAll(reader.bundles(fresh));
        Map<String, Map<EnvironmentRef, Bundle>> changed = new HashMap<>();
        java.util.Set<String> unreferenced = new java.util.HashSet<>();
        for (Map.Entry<String, AccountManifest> change : changes.entrySet()) {
            String slug = change.getKey();
            AccountManifest before = state.accounts().get(slug);
            if (before != null) {
                unreferenced.addAll(before.environments().values());
            }
            changed.put(slug, change.getValue() == null ? Map.of()
                    : verified(reader, prechecked, change.getValue(), bundlesByAccount.getOrDefault(slug, Map.of())));
        }
        verifyNanos = System.nanoTime() - verifyStart;
        changed.forEach((slug, verified) -> {
            if (verified.isEmpty()) {
                bundlesByAccount.remove(slug);
            } else {
                bundlesByAccount.put(slug, verified);
            }
        });
        for (AccountManifest manifest : changes.values()) {
            if (manifest != null) {
                unreferenced.removeAll(manifest.environments().values());
            }
        }
        bundles.forget(unreferenced);
        for (String slug : changes.keySet()) {
            RoutingTables t = tables.get(slug);
            if (changes.get(slug) == null || t == null) {
                inputs.remove(slug);
            } else {
                inputs.put(slug, new GraphInput.AccountInput(bundlesByAccount.getOrDefault(slug, Map.of()), t.hostnames(), t.routes(),
                        t.crons()));
            }
        }
        Map<String, GraphInput.AccountInput> accounts = new HashMap<>();
        for (String slug : next.accounts().keySet()) {
            GraphInput.AccountInput input = inputs.get(slug);
            if (input != null) {
                accounts.put(slug, input);
            }
        }
        // The node's first load: nothing served yet, so no previous version to keep; compiling is left to first requests.
        lastBuildLazy = lazyStart && !loaded;
        long buildStart = System.nanoTime();
        GraphBuilder.Result result = builder.build(new GraphInput(next.sequence(), accounts), live.get(),
                lastBuildLazy);
        long built = System.nanoTime();
        buildNanos = built - buildStart;
        for (BuildFailure failure : result.failures()) {
            metrics.buildFailure();
            LOG.errorf("graph build: %s kept its previous state (if any): %s", failure.subject(), failure.reason());
        }
        live.swap(result.graph());
        builder.served(result.graph());
        metrics.served(result.graph().environments().keySet());
        state = next;
        appliedSequence = next.sequence();
        metrics.appliedSequence(appliedSequence);
        try {
            onApplied.accept(next.accounts());
        } catch (RuntimeException e) {
            LOG.errorf("state sync: applying the manifests' certificates failed: %s", e.toString());
        }
        afterBuildNanos = System.nanoTime() - built;
    }

    /**
     * The bundles to serve for the environments of {@code manifest}, by {@link #bundleFor}; {@code lastGood}: what the
     * account served so far. (A manifest names only environments of its own account: {@link AccountManifest} refuses
     * others, so accounts never compete for one.)
     */
    private Map<EnvironmentRef, Bundle> verified(RedisStateReader reader, Map<String, Object> prechecked, AccountManifest manifest,
                                                 Map<EnvironmentRef, Bundle> lastGood) throws Exception {
        Map<EnvironmentRef, Bundle> verified = new HashMap<>();
        for (Map.Entry<String, String> entry : manifest.environments().entrySet()) {
            EnvironmentRef ref;
            try {
                ref = EnvironmentRef.parse(entry.getKey());
            } catch (IllegalArgumentException e) {
                LOG.errorf("state sync: bad environment key '%s': %s", entry.getKey(), e.getMessage());
                continue;
            }
            Bundle bundle = bundleFor(reader, prechecked, ref, entry.getValue(), lastGood.get(ref));
            if (bundle != null) {
                verified.put(ref, bundle);
            }
        }
        return verified;
    }

    /**
     * The verified bundle to serve for an environment: the one the manifest names, unless it does not
     * verify or its deployment is older than the one this edge already serves there (no rollback); then the
     * last good one. Refusals are content-addressed, so each digest is counted and logged once.
     */
    private Bundle bundleFor(RedisStateReader reader, Map<String, Object> prechecked, EnvironmentRef ref, String digest,
                             Bundle lastGood) throws Exception {
        String envKey = ref.key();
        if (rejected.contains(digest)) {
            return lastGood;
        }
        // verified in bulk just before (a Bundle, or why it was refused), counted and logged here once
        Object outcome = prechecked.remove(digest);
        Bundle bundle = outcome == null ? bundles.cached(digest) : null;
        if (bundle == null) {
            try {
                if (outcome instanceof Bundle verified) {
                    bundle = verified;
                } else if (outcome instanceof RuntimeException refused) {
                    throw refused;
                } else {
                    byte[] envelope = reader.bundle(digest);
                    if (envelope == null) {
                        throw new BundleVerificationException(BundleVerificationException.Reason.MALFORMED,
                                "bundle " + digest + " is missing from Redis");
                    }
                    bundle = bundles.verify(digest, envelope);
                }
                verifiedCount++;
                metrics.bundleApplied();
            } catch (BundleVerificationException e) {
                rejected.add(digest);
                metrics.bundleRejected(e.reason().name().toLowerCase(java.util.Locale.ROOT));
                LOG.errorf("state sync: rejected bundle %s for %s (%s): %s", digest, envKey, e.reason(), e.getMessage());
                return lastGood;
            } catch (RuntimeException e) {
                rejected.add(digest);
                metrics.bundleRejected("malformed");
                LOG.errorf("state sync: rejected bundle %s for %s: %s", digest, envKey, e.getMessage());
                return lastGood;
            }
        }
        if (bundle.root().key().equals(envKey)) {
            long deployment = bundle.rootEnvironment().deployment().sequence();
            Long served = deployments.get(envKey);
            if (served != null && deployment < served) {
                rejected.add(digest);
                metrics.stateRefused("bundle", "older");
                LOG.errorf("state sync: refused bundle %s for %s: its deployment %d is older than the served %d (rollback)",
                        digest, envKey, deployment, served);
                return lastGood;
            }
            deployments.merge(envKey, deployment, Math::max);
        }
        return bundle;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

}
