package io.edgeworks.edge.metrics;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.LogLine;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.WorkerPool;
import io.edgeworks.edge.runtime.WorkerVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Prometheus metrics of the edge (per account/service/environment) and the tenant log. Served on the management port at
 * {@code /q/metrics}:
 * <ul>
 *   <li>{@code edge_requests_total{account,service,environment,status_class}}</li>
 *   <li>{@code edge_request_duration_seconds} and {@code edge_request_cpu_ms} (count, sum, max per environment),
 *       {@code edge_node_request_duration_seconds} (the node's histogram)</li>
 *   <li>the series of an environment the served graph no longer carries are dropped ({@link #served})</li>
 *   <li>{@code edge_limit_hits_total{…,limit}}, {@code edge_subrequests_total{…,kind}}</li>
 *   <li>{@code edge_cron_ticks_total{result}}, {@code edge_cron_runs_total{…,outcome}}</li>
 *   <li>{@code edge_bundle_applies_total}, {@code edge_bundle_rejects_total{reason}},
 *       {@code edge_build_failures_total}, {@code edge_applied_sequence}, {@code edge_resyncs_total}</li>
 *   <li>{@code edge_worker_threads}, {@code edge_cached_contexts}, {@code edge_spare_contexts}: the worker pool's size and
 *       the realms it keeps (most of the edge's heap, ~250 KB each); {@code edge_realm_hand_overs_total}: requests a
 *       free thread without their version's realm handed to a waiting thread that had one</li>
 * </ul>
 */
@ApplicationScoped
public class EdgeMetrics implements RuntimeEvents {
    private static final Logger TENANT = Logger.getLogger("io.edgeworks.edge.tenant");
    private static final Logger LOG = Logger.getLogger(EdgeMetrics.class);

    private final MeterRegistry registry;
    private final AtomicLong appliedSequence = new AtomicLong();
    /** Every request's duration on this node, as a histogram (per environment: count, sum and max only). */
    private final Timer nodeDuration;
    private final EnvironmentRequestStats requests = new EnvironmentRequestStats(System::nanoTime);
    /**
     * The {@code edge_subrequests_total} counters by environment and kind, so that a binding call or fetch() does not
     * build and look up its meter's id in the registry each time. Dropped with the meters in {@link #served}.
     */
    private final Map<EnvironmentRef, Map<String, Counter>> subrequests = new ConcurrentHashMap<>();

    /**
     * As the application's bean: the per-environment request series go to the Prometheus registry Quarkus scrapes at
     * {@code /q/metrics}, its own bean (the injected {@code MeterRegistry} is a composite that need not hold it yet
     * when this bean is created: on a started node it did not, and the series were missing).
     */
    @jakarta.inject.Inject
    public EdgeMetrics(MeterRegistry registry, jakarta.enterprise.inject.Instance<PrometheusMeterRegistry> scraped) {
        this(registry, scraped.isResolvable() ? java.util.Optional.of(scraped.get()) : prometheus(registry));
    }

    /** On {@code registry} alone: the request series go to it if it is (or a composite holding) a Prometheus registry. */
    public EdgeMetrics(MeterRegistry registry) {
        this(registry, prometheus(registry));
    }

    private EdgeMetrics(MeterRegistry registry, java.util.Optional<PrometheusMeterRegistry> scraped) {
        this.registry = registry;
        this.nodeDuration = Timer.builder("edge_node_request_duration").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        registry.gauge("edge_applied_sequence", appliedSequence);
        scraped.ifPresentOrElse(p -> p.getPrometheusRegistry().register(new EnvironmentRequestCollector(requests)),
                () -> LOG.debugf("no Prometheus registry in %s: per-environment request series are not exported", registry));
    }

    /** The Prometheus registry {@code /q/metrics} scrapes: {@code registry} itself, or one of a composite's (Quarkus'). */
    private static java.util.Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return java.util.Optional.of(p);
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            return composite.getRegistries().stream().map(EdgeMetrics::prometheus).flatMap(java.util.Optional::stream).findFirst();
        }
        return java.util.Optional.empty();
    }

    /** Gauges of {@code pool}: its threads, cached contexts and spare realms. */
    public void pool(WorkerPool pool) {
        registry.gauge("edge_worker_threads", pool, WorkerPool::threadCount);
        registry.gauge("edge_cached_contexts", pool, WorkerPool::contextCount);
        registry.gauge("edge_spare_contexts", pool, WorkerPool::spareContextCount);
        FunctionCounter.builder("edge_realm_hand_overs", pool, WorkerPool::handOvers).register(registry);
        // the per-context heap limit: realms walked, and reset for keeping the limit (each also a memory limit hit)
        FunctionCounter.builder("edge_context_heap_walks", pool, WorkerPool::contextHeapWalks)
                .register(registry);
        FunctionCounter.builder("edge_context_heap_resets", pool, WorkerPool::contextHeapResets)
                .register(registry);
        FunctionCounter.builder("edge_context_heap_walk_seconds", pool, p -> p.contextHeapWalkNanos() / 1e9)
                .register(registry);
        // walks cancelled at edge.limits.context-heap-walk-ms (their realms reset; no tenant's limit hit)
        FunctionCounter.builder("edge_context_heap_walk_overruns", pool, WorkerPool::contextHeapWalkOverruns)
                .register(registry);
        // due walks that waited while a spare realm's walk overran too (the engine's shared shapes, not the realm's)
        FunctionCounter.builder("edge_context_heap_walks_deferred", pool, WorkerPool::contextHeapWalksDeferred)
                .register(registry);
        FunctionCounter.builder("edge_context_heap_shape_probes", pool, WorkerPool::shapePollutionProbes)
                .register(registry);
        // CPU time requests used beyond their CPU limits from their accounts' burst credit (cold code, engine work)
        FunctionCounter.builder("edge_cpu_burst_seconds", pool, p -> p.cpuBurstNanos() / 1e9).register(registry);
        FunctionCounter.builder("edge_cpu_burst_requests", pool, WorkerPool::cpuBurstRequests).register(registry);
        FunctionCounter.builder("edge_cpu_burst_startup_seconds", pool, p -> p.cpuBurstStartUpNanos() / 1e9).register(registry);
        FunctionCounter.builder("edge_cpu_burst_billed_startups", pool, WorkerPool::cpuBurstBilledStartUps).register(registry);
    }

    private static Tags tags(EnvironmentRef ref) {
        return Tags.of("account", ref.account(), "service", ref.service(), "environment", ref.environment());
    }

    /**
     * A request this node answered: its environment's counts, duration and CPU time ({@link EnvironmentRequestStats},
     * exported by {@link EnvironmentRequestCollector}) and the node's duration histogram.
     */
    public void request(EnvironmentRef ref, int status, long nanos, long cpuNanos) {
        requests.record(ref, status, nanos, cpuNanos);
        nodeDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The served graph carries only {@code environments}: the metrics of any other (a deleted environment, service or
     * account, a preview gone) are dropped, so that a node's metrics and their heap follow what it serves, not every
     * environment it ever served.
     */
    public void served(java.util.Set<EnvironmentRef> environments) {
        for (EnvironmentRef gone : requests.retainOnly(environments)) {
            Tags tags = tags(gone);
            for (String name : PER_ENVIRONMENT_METERS) {
                registry.find(name).tags(tags).meters().forEach(registry::remove);
            }
        }
        // after the meters: a counter registered before their removal is in an environment's map dropped here (one
        // still being put into such a map goes into a map nothing reaches any more), so none outlives its meter
        subrequests.keySet().retainAll(environments);
    }

    /** The Micrometer meters tagged with an environment (registered on the first event of their kind). */
    private static final List<String> PER_ENVIRONMENT_METERS = List.of("edge_limit_hits_total", "edge_subrequests_total",
            "edge_cron_runs_total");

    /** The environments with request metrics on this node. */
    public java.util.Set<EnvironmentRef> environmentsWithRequests() {
        return requests.environments();
    }

    public void unrouted() {
        registry.counter("edge_unrouted_requests_total").increment();
    }

    @Override
    public void limitHit(WorkerVersion version, LimitKind kind) {
        Counter.builder("edge_limit_hits_total").tags(tags(version.environment())).tag("limit", kind.metricTag())
                .register(registry).increment();
    }

    /** A request refused before it ran: its account was over its share of this node (503 with Retry-After). */
    @Override
    public void refused(WorkerVersion version, String reason) {
        Counter.builder("edge_requests_refused_total").tag("account", version.environment().account())
                .register(registry).increment();
    }

    /** The JIT compiler's CPU time charged to an account's code (runtime.CompileBudget). */
    @Override
    public void compiled(String account, long cpuNanos) {
        Counter.builder("edge_compile_seconds_total").tag("account", account).register(registry).increment(cpuNanos / 1e9);
    }

    /** A compilation of an account's code deferred: its share of the JIT compiler was used up. */
    @Override
    public void compileDeferred(String account) {
        Counter.builder("edge_compilations_deferred_total").tag("account", account).register(registry).increment();
    }

    @Override
    public void subrequest(WorkerVersion version, String kind) {
        EnvironmentRef ref = version.environment();
        subrequests.computeIfAbsent(ref, r -> new ConcurrentHashMap<>(4)).computeIfAbsent(kind, k -> Counter
                .builder("edge_subrequests_total").tags(tags(ref)).tag("kind", k).register(registry)).increment();
    }

    @Override
    public void tenantLog(LogLine line) {
        MDC.put("environment", line.environment());
        MDC.put("version", line.version());
        try {
            Logger.Level level = switch (line.level()) {
                case "error" -> Logger.Level.ERROR;
                case "warn" -> Logger.Level.WARN;
                case "debug" -> Logger.Level.DEBUG;
                default -> Logger.Level.INFO;
            };
            TENANT.log(level, tenantLine(line));
        } finally {
            MDC.remove("environment");
            MDC.remove("version");
        }
    }

    /**
     * The operator's log line for a tenant's: {@code [account/service/env vN] message}, the message escaped
     * and bounded by {@link TenantLogText} so that it stays one line without terminal control sequences.
     */
    static String tenantLine(LogLine line) {
        return "[" + line.environment() + " v" + line.version() + "] " + TenantLogText.escape(line.message());
    }

    public void bundleApplied() {
        registry.counter("edge_bundle_applies_total").increment();
    }

    public void bundleRejected(String reason) {
        registry.counter("edge_bundle_rejects_total", "reason", reason).increment();
    }

    /**
     * Signed state from Redis that this edge refused: {@code kind} manifest (reason replayed, conflict,
     * wrong_account or a verification reason), bundle (older), route (outside_domains, invalid_pattern) or
     * hostname (outside_account).
     */
    public void stateRefused(String kind, String reason) {
        registry.counter("edge_state_refused_total", "kind", kind, "reason", reason).increment();
    }

    /**
     * A cron tick this node looked at: {@code won} (it claimed the tick and runs it), {@code lost} (another node
     * claimed it), {@code late} (the node woke too late to try: skipped), {@code error} (the claim failed, e.g.
     * Redis unreachable: not run here). Across all nodes, {@code won} counts each tick once.
     */
    public void cronTick(String result) {
        registry.counter("edge_cron_ticks_total", "result", result).increment();
    }

    /** A cron run this node finished, by environment and outcome ({@code ok}, {@code exception}, {@code exceeded_limit}). */
    public void cronRun(EnvironmentRef ref, String outcome) {
        Counter.builder("edge_cron_runs_total").tags(tags(ref)).tag("outcome", outcome).register(registry).increment();
    }

    public void buildFailure() {
        registry.counter("edge_build_failures_total").increment();
    }

    public void resync(String cause) {
        registry.counter("edge_resyncs_total", "cause", cause).increment();
    }

    public void appliedSequence(long sequence) {
        appliedSequence.set(sequence);
    }

    public double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
