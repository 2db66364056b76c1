package io.edgeworks.edge.server;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.ServiceTargets;
import io.edgeworks.edge.runtime.WorkerVersion;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warms the JIT compilers of a node that has just started, while the node has nothing else to do. On a stock JDK the
 * Graal compiler that compiles JavaScript is itself Java code that starts cold; the paths every request takes, through
 * Netty, Vert.x and this package on the event loop and through the pool and the Web API prelude (shared by every
 * tenant's realms) on the worker threads, are compiled only once they have run thousands of times. A node under
 * load from its first second served a hello worker at a tenth of its speed for ~30 s, with half its core in the
 * compilers, and reached full speed after ~45 s (deploy/bench/RESULTS.md, "A young node").
 *
 * <p>So once the public port listens and the pool's one-time warm-up is done, one thread sends the node's own HTTP
 * port (loopback) requests for a built-in sample worker ({@code jit-warm-up/worker.js} and its peer behind two service
 * bindings, resources beside this class), one at a time, for at most {@code edge.runtime.jit-warm-up} from then. Its
 * requests carry a key made at start that never leaves the process ({@value #KEY_HEADER}); {@link EdgeHttpRoute}
 * gives a request with that key to the sample ({@link #serves}) only while a warm-up runs, and every other request
 * is routed as always. The next sample request goes only while no tenant's request is in progress or queued
 * ({@code WorkerPool.tenantJobs()}): tenants never queue behind more than the one sample request under way, and a
 * node that takes traffic from its first second warms on that traffic instead. The compiled host code and prelude are
 * shared by every realm, so tenants' first requests find them compiled; a tenant's own module still compiles on its
 * own traffic. The sample runs in the host's lane (not an account's), outside the request metrics and analytics.
 */
@ApplicationScoped
public class JitWarmUp {
    private static final Logger LOG = Logger.getLogger(JitWarmUp.class);
    static final String KEY_HEADER = "x-edgeworks-jit-warm-up";
    /** How long the warm-up waits before it looks again while tenants' requests are in progress. */
    static final long BUSY_PAUSE_MS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final EdgeRuntime runtime;
    private final Duration budget;
    private final String key = HexFormat.of().formatHex(random());
    private final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
    private final AtomicBoolean started = new AtomicBoolean();
    /** The sample while a warm-up runs (the route serves keyed requests only then), else null. */
    private volatile Samples serving;
    private volatile boolean closed;

    /** What a warm-up did: sample requests answered, milliseconds it ran and waited for tenants, and why it stopped. */
    record Outcome(long runs, long elapsedMs, long busyMs, String stopped) {
    }

    public JitWarmUp(EdgeRuntime runtime, EdgeConfig config) {
        this.runtime = runtime;
        this.budget = config.runtime().jitWarmUp();
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * Once the public port listens (Quarkus reports each event loop's server instance, and the management interface's):
     * the warm-up, once, on its own thread.
     */
    void start(@ObservesAsync HttpServerStart start) {
        if (budget.isZero() || budget.isNegative()) {
            if (started.compareAndSet(false, true)) {
                LOG.info("JIT warm-up off (edge.runtime.jit-warm-up=0s)");
            }
            return;
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        var config = ConfigProvider.getConfig();
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        if (port <= 0) {
            LOG.info("JIT warm-up not run: the public port is chosen at random (quarkus.http.port=0)");
            return;
        }
        // the address the public port listens on: loopback when it listens on every address
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        host = switch (host) {
            case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        URI base = URI.create("http://" + host + ":" + port);
        Thread.ofPlatform().name("edge-jit-warm-up").daemon(true).start(() -> {
            try {
                runtime.pool().warmedUp().get();
            } catch (Exception e) {
                LOG.warnf("JIT warm-up not run: the runtime warm-up failed (%s)", e.toString());
                return;
            }
            Outcome done = run(base, budget);
            LOG.infof("JIT warm-up done (%s): %d sample requests in %d ms, %d ms of it waiting while tenants' requests ran",
                    done.stopped(), done.runs(), done.elapsedMs(), done.busyMs());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
    }

    /**
     * Sends the sample's requests to the node's public port at {@code base} for at most {@code budget}, one at a time,
     * each only while no tenant's request is in progress; returns what it did. Stops at the first answer that is not
     * the sample's 200.
     */
    Outcome run(URI base, Duration budget) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        long runs = 0;
        long busyNanos = 0;
        String stopped = "budget spent";
        Samples samples = Samples.load();
        serving = samples;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            List<HttpRequest> requests = samples.requests().stream().map(sample -> sample.toHttp(base, key)).toList();
            int next = 0;
            while (System.nanoTime() < deadline) {
                if (closed) {
                    stopped = "node stopping";
                    break;
                }
                if (runtime.pool().tenantJobs() > 0) {
                    long pause = System.nanoTime();
                    Thread.sleep(BUSY_PAUSE_MS);
                    busyNanos += System.nanoTime() - pause;
                    continue;
                }
                HttpRequest request = requests.get(next);
                next = (next + 1) % requests.size();
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    stopped = request.method() + " " + request.uri().getPath() + " answered " + answer.statusCode() + ": "
                            + answer.body().strip();
                    LOG.warnf("JIT warm-up stopped: %s", stopped);
                    break;
                }
                runs++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = "interrupted";
        } catch (IOException | RuntimeException e) {
            stopped = "failed: " + e;
            LOG.warnf("JIT warm-up stopped: %s", e.toString());
        } finally {
            serving = null;
        }
        return new Outcome(runs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                TimeUnit.NANOSECONDS.toMillis(busyNanos), stopped);
    }

    /** The key of this node's warm-up requests (tests: a request with it reaches the sample only while a warm-up runs). */
    String key() {
        return key;
    }

    /** Whether {@code req} is the warm-up's own: a warm-up runs and the request carries its key. */
    boolean serves(HttpServerRequest req) {
        if (serving == null) {
            return false;
        }
        String offered = req.getHeader(KEY_HEADER);
        return offered != null && MessageDigest.isEqual(keyBytes, offered.getBytes(StandardCharsets.US_ASCII));
    }

    /** Runs one of the warm-up's requests on the sample (as the dispatcher runs a tenant's, streaming). */
    CompletableFuture<InvocationResult> dispatch(EdgeRequest request) {
        Samples samples = serving;
        if (samples == null) { // the warm-up ended between the route's look and now
            return CompletableFuture.completedFuture(EdgeDispatcher.notFound("the JIT warm-up"));
        }
        return runtime.pool().submitHost(samples.worker(), request, samples.targets());
    }

    /** One request of the sample: method, path, headers beside the key, body. */
    record Sample(String method, String path, Map<String, String> headers, String body) {
        HttpRequest toHttp(URI base, String key) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                    .header(KEY_HEADER, key).header("user-agent", "edgeworks-jit-warm-up").header("accept", "*/*");
            headers.forEach(builder::header);
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }

    /** The sample worker, its peer behind two bindings (by fetch and by JS RPC), and one request per path. */
    record Samples(WorkerVersion worker, ServiceTargets targets, List<Sample> requests) {
        static Samples load() {
            WorkerVersion peer = WorkerVersion.builtIn("jit-warm-up-peer", resource("peer.js"), List.of());
            EnvironmentRef at = peer.environment();
            WorkerVersion worker = WorkerVersion.builtIn("jit-warm-up", resource("worker.js"), List.of(
                    new Binding.Service("PEER", at.service(), at.environment(), null, null),
                    new Binding.Service("CHECKER", at.service(), at.environment(), null, "Checker")));
            ServiceTargets targets = ServiceTargets.only(peer);
            Map<String, String> token = Map.of("x-token", "warm-up");
            return new Samples(worker, targets, List.of(
                    new Sample("GET", "/text?q=1", token, null),
                    new Sample("GET", "/binding?q=1", token, null),
                    new Sample("GET", "/rpc?q=1", token, null),
                    new Sample("POST", "/json", Map.of("content-type", "application/json"), order())));
        }

        /** An order of ~2 KB as JSON (the sample's /json path totals its lines). */
        static String order() {
            StringBuilder json = new StringBuilder("{\"id\":\"order-1\",\"customer\":{\"name\":\"warm-up\",\"tags\":[\"a\",\"b\"]},\"lines\":[");
            for (int i = 0; i < 24; i++) {
                json.append(i == 0 ? "" : ",").append("{\"sku\":\"sku-").append(i).append("\",\"title\":\"Item number ")
                        .append(i).append("\",\"price\":").append(1.25 * (i + 1)).append(",\"quantity\":").append(i % 5 + 1)
                        .append(",\"gift\":").append(i % 2 == 0).append('}');
            }
            return json.append("]}").toString();
        }

        private static String resource(String name) {
            try (InputStream in = JitWarmUp.class.getResourceAsStream("jit-warm-up/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource jit-warm-up/" + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read jit-warm-up/" + name, e);
            }
        }
    }
}
