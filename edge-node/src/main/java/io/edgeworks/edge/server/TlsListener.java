package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.tls.CertificateStore;
import io.edgeworks.edge.tls.CertifiedKey;
import io.edgeworks.edge.tls.DevIssuer;
import io.edgeworks.edge.tls.PemFiles;
import io.edgeworks.edge.tls.SniKeyManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The edge's HTTPS listener ({@code edge.tls.port}): the same routes as the public HTTP port, over TLS,
 * with the certificate chosen per handshake by SNI ({@link CertificateStore}). It is a server of its own
 * rather than Quarkus' HTTPS port because its certificates change at run time (custom domains come and
 * go) without rebuilding the TLS context, and because it can see each connection as it opens: the head
 * read timeout and the connection cap apply here too, and the handshake has its own timeout.
 */
@ApplicationScoped
public class TlsListener {
    private static final Logger LOG = Logger.getLogger(TlsListener.class);

    private final Vertx vertx;
    private final EdgeConfig config;
    private final CertificateStore store;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Router router;
    private volatile String deployment;
    private volatile int actualPort = -1;

    private final ShutdownDrain drain;

    public TlsListener(Vertx vertx, EdgeConfig config, ShutdownDrain drain) {
        this.vertx = vertx;
        this.config = config;
        this.drain = drain;
        this.store = config.tls().port() > 0 ? createStore(config.tls()) : new CertificateStore(List.of(), null);
    }

    /** The certificates this node presents (custom domains' are replaced as state arrives). */
    public CertificateStore certificates() {
        return store;
    }

    /** The port the listener is bound to, or -1 when it is off. */
    public int port() {
        return actualPort;
    }

    void captureRouter(@Observes Router router) {
        this.router = router;
    }

    void start(@Observes StartupEvent event) throws Exception {
        EdgeConfig.Tls tls = config.tls();
        if (tls.port() <= 0) {
            return;
        }
        if (router == null) {
            throw new IllegalStateException("the HTTP router was not initialised before start-up");
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(tls.host())
                .setPort(tls.port())
                .setSsl(true)
                .setUseAlpn(true)
                .setKeyCertOptions(KeyCertOptions.wrap(new SniKeyManager(store).factory()))
                .setSslHandshakeTimeout(tls.handshakeTimeoutMs())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(30)
                .setIdleTimeoutUnit(TimeUnit.MINUTES);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger bound = new AtomicInteger(-1);
        deployment = vertx.deployVerticle(() -> new Listener(options, bound), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        actualPort = bound.get();
        LOG.infof("HTTPS on %s:%d (%d configured certificate(s)%s)", tls.host(), actualPort,
                tls.certificateFiles().map(List::size).orElse(0),
                tls.devCaCertificate().isPresent() ? ", development CA for *.<account>." + tls.devBaseDomain() : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (deployment != null) {
            vertx.undeploy(deployment);
        }
    }

    /** One event-loop instance of the listener (Vert.x shares the port between instances). */
    private final class Listener extends AbstractVerticle {
        private final HttpServerOptions options;
        private final AtomicInteger bound;

        Listener(HttpServerOptions options, AtomicInteger bound) {
            this.options = options;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            int max = config.tls().maxConnections();
            long headTimeout = config.http().headerReadTimeoutMs();
            HttpServer server = vertx.createHttpServer(options);
            // requests under way per connection, for the shutdown drain: a request ends with its response, or with its
            // connection (both happen on the connection's event loop)
            java.util.Map<io.vertx.core.http.HttpConnection, AtomicInteger> open = new java.util.concurrent.ConcurrentHashMap<>();
            server.connectionHandler(connection -> {
                if (connections.incrementAndGet() > max) {
                    connections.decrementAndGet();
                    connection.close();
                    return;
                }
                AtomicInteger requests = new AtomicInteger();
                open.put(connection, requests);
                connection.closeHandler(v -> {
                    connections.decrementAndGet();
                    open.remove(connection);
                    drain.tlsRequestsEnded(requests.getAndSet(0));
                });
                if (headTimeout > 0 && connection instanceof ConnectionBase base
                        && base.channel().pipeline().get(HeadReadTimeout.class) == null) {
                    base.channel().pipeline().addFirst(HeadReadTimeout.NAME, new HeadReadTimeout(headTimeout));
                }
            });
            server.requestHandler(request -> {
                AtomicInteger requests = open.get(request.connection());
                if (requests != null) {
                    requests.incrementAndGet();
                    drain.tlsRequestStarted();
                    request.response().endHandler(v -> {
                        if (requests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            drain.tlsRequestsEnded(1);
                        }
                    });
                }
                drain.closeConnectionWhenDraining(request);
                router.handle(request);
            }).listen().onSuccess(s -> {
                bound.set(s.actualPort());
                started.complete();
            }).onFailure(started::fail);
        }
    }

    private static CertificateStore createStore(EdgeConfig.Tls tls) {
        List<String> certs = tls.certificateFiles().orElse(List.of());
        List<String> keys = tls.keyFiles().orElse(List.of());
        if (certs.size() != keys.size()) {
            throw new IllegalStateException("edge.tls.certificate-files and edge.tls.key-files must pair up: "
                    + certs.size() + " certificate(s), " + keys.size() + " key(s)");
        }
        List<CertifiedKey> configured = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            configured.add(CertifiedKey.of("configured-" + i, PemFiles.certificates(read(certs.get(i))),
                    PemFiles.privateKey(read(keys.get(i)))));
        }
        DevIssuer issuer = null;
        if (tls.devCaCertificate().isPresent() != tls.devCaKey().isPresent()) {
            throw new IllegalStateException("edge.tls.dev-ca-certificate and edge.tls.dev-ca-key go together");
        }
        if (tls.devCaCertificate().isPresent()) {
            issuer = new DevIssuer(PemFiles.certificates(read(tls.devCaCertificate().get()))[0],
                    PemFiles.privateKey(read(tls.devCaKey().get())), tls.devBaseDomain());
        }
        if (configured.isEmpty() && issuer == null) {
            LOG.warn("edge.tls.port is set but no certificate is configured: only custom domains with certificates will handshake");
        }
        return new CertificateStore(configured, issuer);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
