package io.edgeworks.edge.server;

import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.sync.RedisAccess;
import io.edgeworks.edge.sync.StateSync;
import io.edgeworks.edge.sync.TrustedKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.PublicKey;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts {@link StateSync} at application start (unless {@code edge.sync.enabled=false}). Wiring, like
 * {@link EdgeRuntime}: it lives in {@code server}, so that {@code sync} never depends on {@code server}.
 */
@ApplicationScoped
public class SyncService {
    private static final Logger LOG = Logger.getLogger(SyncService.class);

    private final EdgeConfig config;
    private final EdgeRuntime runtime;
    private final LiveGraph live;
    private final EdgeMetrics metrics;
    private final Vertx vertx;
    private final RedisAccess redis;
    private volatile StateSync sync;
    @jakarta.inject.Inject
    TlsListener tls;
    @jakarta.inject.Inject
    HttpsRedirects redirects;

    public SyncService(EdgeConfig config, EdgeRuntime runtime, LiveGraph live, EdgeMetrics metrics, Vertx vertx,
                       StateRedis stateRedis) {
        this.config = config;
        this.runtime = runtime;
        this.live = live;
        this.metrics = metrics;
        this.vertx = vertx;
        this.redis = stateRedis.access();
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.sync().enabled()) {
            LOG.info("state sync disabled (edge.sync.enabled=false)");
            return;
        }
        Map<String, PublicKey> keys = TrustedKeys.parse(config.signingPublicKeys().orElse(""));
        if (keys.isEmpty()) {
            LOG.error("no trusted bundle signing keys configured: set EDGEWORKS_SIGNING_PUBLIC_KEYS=keyid=base64-public-key."
                    + " Not loading any state; /q/health/ready stays down");
            return;
        }
        sync = new StateSync(vertx, redis, new BundleVerifier(keys), runtime.builder(), live, metrics,
                config.sync().reconnectInitialMs(), config.sync().reconnectMaxMs());
        io.edgeworks.bundle.SecretSealer sealer = config.bundleSecretKey().filter(k -> !k.isBlank())
                .map(io.edgeworks.bundle.SecretSealer::fromBase64).orElse(null);
        io.edgeworks.edge.tls.CertificateStore store = tls.certificates();
        if (store != null) {
            sync.onApplied(accounts -> {
                var certified = io.edgeworks.edge.tls.ManifestCertificates.open(accounts.values(), sealer, store);
                store.replaceCustom(certified);
                redirects.replace(HttpsRedirects.of(accounts.values(), certified.keySet()));
            });
        }
        sync.lazyStart(config.sync().lazyStart());
        sync.start();
    }

    /** Why the node cannot follow Redis right now (wrong credentials, TLS, unreachable), or null. */
    public String lastFailure() {
        return sync == null ? null : sync.lastFailure();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sync != null) {
            sync.close();
        }
    }

    /** Ready when sync is disabled, or once the first complete load is applied. */
    public boolean ready() {
        return !config.sync().enabled() || (sync != null && sync.loaded());
    }

    public long appliedSequence() {
        return sync == null ? -1 : sync.appliedSequence();
    }
}
