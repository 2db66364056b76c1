package io.edgeworks.edge.sync;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerificationException;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Follows the published state in Redis. On (re)connect it subscribes to the notice channel first, then
 * loads a full MULTI/EXEC snapshot, so no publication can fall between the two. Each notice whose
 * sequence is exactly the next one is applied by re-reading the entries it names; a gap, a
 * {@code full} notice, a notice that cannot be applied, or a lost connection triggers a full resync.
 * While Redis is away the last good graph keeps serving and the loop reconnects with exponential
 * backoff. Every change is built into a new graph off to the side and swapped in atomically.
 */
public final class StateSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StateSync.class);
    private static final String DISCONNECTED = "\u0000disconnected";

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
    private final Map<String, Bundle> lastGood = new HashMap<>();
    /** Digests already rejected: content-addressed, so they stay rejected (counted and logged once). */
    private final java.util.Set<String> rejected = new java.util.HashSet<>();
    private final Thread thread;
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
        this.builder = builder;
        this.live = live;
        this.metrics = metrics;
        this.backoffInitialMs = backoffInitialMs;
        this.backoffMaxMs = backoffMaxMs;
        this.thread = Thread.ofPlatform().name("edge-sync").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
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
        PublishedState snapshot = reader.snapshot();
        metrics.resync(cause);
        LOG.infof("state sync: full load (%s) at sequence %d: %d environments, %d hostnames, %d routes", cause,
                snapshot.sequence(), snapshot.environments().size(), snapshot.hostnames().size(), snapshot.routes().size());
        apply(reader, snapshot);
        loaded = true;
    }

    private void applyNotice(RedisStateReader reader, Notice notice) throws Exception {
        RedisStateReader.Partial partial = reader.partial(notice.environments(), notice.hostnames(), notice.routes());
        apply(reader, state.patch(notice.sequence(),
                partial.environments(), partial.hostnames(), partial.routes()));
    }

    private void apply(RedisStateReader reader, PublishedState next) throws Exception {
        Map<EnvironmentRef, Bundle> verified = new HashMap<>();
        for (Map.Entry<String, String> entry : next.environments().entrySet()) {
            String envKey = entry.getKey();
            String digest = entry.getValue();
            Bundle bundle = bundles.cached(digest);
            if (bundle == null && rejected.contains(digest)) {
                bundle = lastGood.get(envKey);
            } else if (bundle == null) {
                byte[] envelope = reader.bundle(digest);
                try {
                    if (envelope == null) {
                        throw new BundleVerificationException(BundleVerificationException.Reason.MALFORMED,
                                "bundle " + digest + " is missing from Redis");
                    }
                    bundle = bundles.verify(digest, envelope);
                    metrics.bundleApplied();
                } catch (BundleVerificationException e) {
                    rejected.add(digest);
                    metrics.bundleRejected(e.reason().name().toLowerCase(java.util.Locale.ROOT));
                    LOG.errorf("state sync: rejected bundle %s for %s (%s): %s", digest, envKey, e.reason(), e.getMessage());
                    bundle = lastGood.get(envKey);
                } catch (RuntimeException e) {
                    rejected.add(digest);
                    metrics.bundleRejected("malformed");
                    LOG.errorf("state sync: rejected bundle %s for %s: %s", digest, envKey, e.getMessage());
                    bundle = lastGood.get(envKey);
                }
            }
            if (bundle == null) {
                continue;
            }
            try {
                EnvironmentRef ref = EnvironmentRef.parse(envKey);
                verified.put(ref, bundle);
                lastGood.put(envKey, bundle);
            } catch (IllegalArgumentException e) {
                LOG.errorf("state sync: bad environment key '%s': %s", envKey, e.getMessage());
            }
        }
        lastGood.keySet().retainAll(next.environments().keySet());
        bundles.retain(next.environments().values());
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        next.hostnames().forEach((host, envKey) -> {
            try {
                hostnames.put(host, EnvironmentRef.parse(envKey));
            } catch (IllegalArgumentException e) {
                LOG.errorf("state sync: hostname %s points at bad environment key '%s'", host, envKey);
            }
        });
        List<GraphInput.RouteSpec> routes = new ArrayList<>();
        next.routes().forEach((id, json) -> {
            try {
                RouteJson route = RouteJson.parse(json);
                routes.add(new GraphInput.RouteSpec(id, route.pattern(), EnvironmentRef.parse(route.environment())));
            } catch (RuntimeException e) {
                LOG.errorf("state sync: route %s is unreadable: %s", id, e.getMessage());
            }
        });
        GraphBuilder.Result result = builder.build(new GraphInput(next.sequence(), verified, hostnames, routes), live.get());
        for (BuildFailure failure : result.failures()) {
            metrics.buildFailure();
            LOG.errorf("graph build: %s kept its previous state (if any): %s", failure.subject(), failure.reason());
        }
        live.swap(result.graph());
        state = next;
        appliedSequence = next.sequence();
        metrics.appliedSequence(appliedSequence);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** The JSON of a route entry: {@code {"pattern":"…","environment":"a/s/e"}}. */
    record RouteJson(String pattern, String environment) {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        static RouteJson parse(String json) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
                String pattern = node.path("pattern").asText(null);
                String environment = node.path("environment").asText(null);
                if (pattern == null || environment == null) {
                    throw new IllegalArgumentException("route JSON needs \"pattern\" and \"environment\": " + json);
                }
                return new RouteJson(pattern, environment);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("route JSON is invalid: " + e.getOriginalMessage());
            }
        }
    }
}
