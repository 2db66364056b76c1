package io.edgeworks.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Typed configuration of the edge node (prefix {@code edge}). */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** Trusted bundle signing keys as {@code keyid=base64-public-key,…} (env EDGEWORKS_SIGNING_PUBLIC_KEYS). */
    Optional<String> signingPublicKeys();

    /** Base64 AES-256 key that opens sealed bundle secrets (env EDGEWORKS_BUNDLE_SECRET_KEY). */
    Optional<String> bundleSecretKey();

    /** The public HTTP port's own rules (what Quarkus' {@code quarkus.http.*} settings do not cover). */
    Http http();

    /** The HTTPS listener (SNI; custom domains' certificates, configured ones, a development CA). */
    Tls tls();

    /** JavaScript runtime settings. */
    Runtime runtime();

    /** Per-request and per-version limits. */
    Limits limits();

    /** Outbound fetch() settings. */
    Fetch fetch();

    /** State synchronisation from Redis. */
    Sync sync();

    /** KV bindings (env.NS.put/get/delete/list). */
    Kv kv();

    /** Cron triggers: running the deployed versions' scheduled() handlers on their environments' ticks. */
    Cron cron();

    /** Live tail: trace events of tailed environments, published to Redis for platform-api to stream. */
    Tail tail();

    /** Analytics: per-minute traffic aggregates of each environment version, shipped to Redis for platform-api to store. */
    Analytics analytics();

    interface Analytics {
        /** Count requests per environment version and minute and ship the aggregates (needs {@code edge.sync.enabled}). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often the node ships its aggregates. At one minute (or more) each finished minute goes once, just after it
         * ends; shorter (tests) also ships the current minute's counts so far, which the control plane adds up. Buckets
         * stay whole minutes either way.
         */
        @WithDefault("60s")
        java.time.Duration flushInterval();

        /** Environment versions counted apart per minute; requests of more go to the minute's overflow cell. */
        @WithDefault("200")
        int maxCells();
    }

    interface Tail {
        /** Follow the tail registry and publish events (needs {@code edge.sync.enabled}). */
        @WithDefault("true")
        boolean enabled();

        /** How often the node checks the tail registry: a new tail streams within this time, a closed one stops costing within it. */
        @WithDefault("500")
        long pollMs();

        /** Console lines kept per invocation in an event; more set {@code truncated}. */
        @WithDefault("100")
        int maxLines();

        /** Characters kept per console line. */
        @WithDefault("2048")
        int maxLineChars();

        /** Largest event in bytes (log lines are dropped from the end to fit). */
        @WithDefault("131072")
        int maxEventBytes();

        /** Events per second per tail on this node (burst twice that); more are dropped. */
        @WithDefault("20")
        int maxEventsPerSecond();
    }

    interface Cron {
        /** Take part in running cron triggers (needs {@code edge.sync.enabled}; every node that does competes for each tick). */
        @WithDefault("true")
        boolean enabled();

        /**
         * This node's name in the tick claims and run records (env EDGE_CRON_NODE_ID); default: the host name and the
         * process id. Must differ between nodes.
         */
        Optional<String> nodeId();

        /**
         * A tick this node reaches later than this (a paused JVM, a slow Redis) is skipped, not run late; claims live this
         * long plus a minute, which bounds the clock skew between nodes that is tolerated without double runs.
         */
        @WithDefault("30000")
        long maxLatenessMs();
    }

    interface Http {
        /**
         * Longest time a connection may take to send a request head (request line and headers): from the
         * connection's accept, and on a keep-alive connection from the end of the previous response; the
         * connection is closed beyond it (0 = no limit). Guards against clients that trickle a head to hold
         * connections.
         */
        @WithDefault("10000")
        int headerReadTimeoutMs();

        /**
         * Addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) of the proxies whose {@code X-Forwarded-Proto}
         * the edge believes (the scheme custom routes match on); empty: nobody's.
         */
        Optional<List<String>> trustedProxies();
    }

    interface Tls {
        /** Port of the HTTPS listener (env EDGE_TLS_PORT); 0: no HTTPS. */
        @WithDefault("0")
        int port();

        /**
         * The port clients reach HTTPS on, for the Location of HTTP-to-HTTPS redirects (e.g. 443 when a load
         * balancer maps 443 to {@link #port()}); default: {@link #port()}. Omitted from the Location when 443.
         */
        Optional<Integer> publicPort();

        /** Address the HTTPS listener binds. */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * PEM certificate chains (leaf first) the listener presents for the names they cover, e.g. a wildcard
         * for the base domain's account hostnames; paired by position with {@link #keyFiles()}. The first is
         * also the one presented when no certificate covers the name a client asks for.
         */
        Optional<List<String>> certificateFiles();

        /** PEM private keys of {@link #certificateFiles()}, same order. */
        Optional<List<String>> keyFiles();

        /**
         * Development only: a CA certificate and key (PEM, generated by {@code deploy/local/up.sh}) from which
         * the node issues the wildcard certificate {@code *.<account>.<base domain>} of an account's generated
         * hostnames when a client first asks for one.
         */
        Optional<String> devCaCertificate();

        /** The development CA's private key (PEM). */
        Optional<String> devCaKey();

        /** The base domain of generated hostnames, for the development CA. */
        @WithDefault("localhost")
        String devBaseDomain();

        /** Longest time a TLS handshake may take before the connection is closed. */
        @WithDefault("10000")
        int handshakeTimeoutMs();

        /** Open HTTPS connections beyond which new ones are closed at once. */
        @WithDefault("10000")
        int maxConnections();
    }

    interface Runtime {
        /** Worker threads that run JavaScript; 0 means twice the number of cores. */
        @WithDefault("0")
        int workerThreads();

        /**
         * Most worker threads in all: above worker-threads, extra threads start while requests wait for
         * I/O, timers or a streaming client and others are queued (below worker-threads: worker-threads).
         */
        @WithDefault("64")
        int maxWorkerThreads();

        /** An extra worker thread (above worker-threads) without work for this many seconds stops. */
        @WithDefault("60")
        int extraWorkerIdleSeconds();

        /** Requests waiting for a worker thread beyond which the edge answers 503. */
        @WithDefault("1024")
        int maxQueuedRequests();

        /**
         * Requests of one account that run JavaScript at once (run slots it may hold while others wait);
         * 0 means half of worker-threads (at least 1).
         */
        @WithDefault("0")
        int accountMaxRunning();

        /** Requests of one account holding a worker thread (running or waiting); 0 means half of max-worker-threads. */
        @WithDefault("0")
        int accountMaxConcurrent();

        /** Requests of one account queued for a thread before the edge answers 503 with Retry-After; 0 means a quarter of max-queued-requests. */
        @WithDefault("0")
        int accountMaxQueued();

        /**
         * Compiler CPU time one account's code may take from the JIT compiler at once (a deploy's warm-up) before
         * its compilations are deferred; 0 means 10,000 ms. See runtime.CompileBudget.
         */
        @WithDefault("0")
        long accountCompileBurstMs();

        /** How fast an account's compiler time comes back, in percent of one compiler thread; 0 means 10. */
        @WithDefault("0")
        int accountCompileSharePercent();

        /**
         * CPU time beyond their CPU limits one account's requests may use at once on this node (code not compiled yet,
         * engine work a request triggers), each request at most the start-up limit more; 0 means 2,000 ms, -1 none.
         * See runtime.CpuBurst.
         */
        @WithDefault("0")
        long accountCpuBurstMs();

        /** How fast an account's CPU burst comes back, in percent of one core; 0 means 1. */
        @WithDefault("0")
        int accountCpuBurstSharePercent();

        /**
         * Percent of the maximum heap in use (after a garbage collection) above which the node sheds the
         * account that allocated the most recently: its contexts are closed, its running requests end.
         */
        @WithDefault("85")
        int heapLimitPercent();

        /**
         * Contexts a base worker thread keeps (least recently used are closed beyond this). The node keeps at most
         * this × worker-threads in all: while extra threads run (up to max-worker-threads), every thread keeps its
         * share of that budget. A realm is ~215 KB of heap; a version served at a rate one thread keeps up with has a
         * realm on one thread only (the scheduler hands its requests to the thread that holds it), so 192 × 4 threads
         * cover ~768 such versions (256 × 4, before that hand-over, covered as few as a quarter of that).
         */
        @WithDefault("192")
        int maxContextsPerThread();

        /**
         * Realms with the Web API prelude already evaluated that each worker thread prepares while idle, so a
         * version new to the thread only evaluates its own modules (0 = prepare on demand).
         */
        @WithDefault("1")
        int spareContextsPerThread();

        /** A context unused for this many seconds is closed. */
        @WithDefault("300")
        int contextIdleSeconds();

        /**
         * How long after start the node may run its built-in sample worker to warm the JIT compiler, while no request
         * is in progress (see runtime.JitWarmUp); 0s turns it off.
         */
        @WithDefault("60s")
        java.time.Duration jitWarmUp();

        /** How often the limit watchdog checks running requests, in milliseconds. */
        @WithDefault("2")
        int watchdogIntervalMs();

        /** Largest request body the edge accepts, in bytes. */
        @WithDefault("10485760")
        int maxRequestBodyBytes();
    }

    interface Limits {
        /** CPU time a request may use when its version does not say, in milliseconds. */
        @WithDefault("50")
        int cpuMs();

        /** Wall-clock time a request may take until its response headers, in milliseconds. */
        @WithDefault("30000")
        int wallClockMs();

        /**
         * Longest pause in a streamed response body once its headers are sent (neither a chunk from the
         * worker nor the client taking one), in milliseconds; the connection is then aborted.
         */
        @WithDefault("60000")
        int streamIdleMs();

        /** Extra wall-clock time for ctx.waitUntil() work after the response, in milliseconds. */
        @WithDefault("30000")
        int waitUntilMs();

        /** Subrequests (fetch() and service binding calls) one request may make. */
        @WithDefault("50")
        int subrequests();

        /** Workers in one chain of service binding calls. */
        @WithDefault("32")
        int bindingDepth();

        /** Largest CPU limit a version may ask for, in milliseconds. */
        @WithDefault("30000")
        int maxCpuMs();

        /** Total size of a version's modules, in bytes; matches platform-api's platform.limits.module-bytes. */
        @WithDefault("10485760")
        int moduleBytes();

        /** CPU time the global scope of a version may take at start-up, in milliseconds. */
        @WithDefault("400")
        int startupMs();

        /** Heap bytes a request may allocate (soft bound measured per thread), in bytes. */
        @WithDefault("268435456")
        long allocatedBytes();

        /**
         * Heap bytes one realm (a version's context on one worker thread) may keep across requests: its globals and
         * everything they reach, measured by walking it when what its thread allocated since the last walk could have
         * taken it past this; beyond, the realm is reset (its next request gets a fresh one). 0 = no bound.
         */
        @WithDefault("134217728")
        long contextHeapBytes();

        /**
         * Heap bytes the realms of one version on this node (one per worker thread that served it) may keep together,
         * measured by the same walks: each realm is walked once its allocation reaches its equal share of what is left,
         * and the walk that finds their sum at this resets the realm it walked (see runtime.VersionHeaps). 0 = no bound
         * but context-heap-bytes per realm. Applies only while context-heap-bytes is set.
         */
        @WithDefault("536870912")
        long versionHeapBytes();

        /**
         * CPU time one walk of a realm (for context-heap-bytes and version-heap-bytes) may take, in milliseconds; a walk
         * that takes longer is cancelled and the realm reset: its next request gets a fresh one. A walk costs ~5-10 ms
         * per megabyte of small objects it finds, and the object shapes the engine shares between realms count, which
         * any tenant can grow: unbounded, one tenant's hoard or shapes made every realm's walk cost up to 150 ms of the
         * node's CPU, billed to nobody. 0 = no bound.
         */
        @WithDefault("25")
        long contextHeapWalkMs();
    }

    interface Fetch {
        /** Allow outbound fetch() to loopback, private, link-local and unique-local addresses. */
        @WithDefault("false")
        boolean allowPrivate();

        /** Connect plus response-headers timeout of an outbound fetch(), in milliseconds (the body then follows the worker's limits). */
        @WithDefault("10000")
        int timeoutMs();

        /** Largest fetch() response body a worker may read whole ({@code .text()} …), in bytes; streamed bodies are not capped. */
        @WithDefault("10485760")
        int maxResponseBytes();

        /** Redirects followed by fetch() with redirect "follow". */
        @WithDefault("20")
        int maxRedirects();

        /**
         * DNS servers fetch() asks, in order, as {@code ip}, {@code ip:port} or {@code [ipv6]:port}; none: the
         * {@code nameserver} lines of /etc/resolv.conf. /etc/hosts is not read.
         */
        Optional<List<String>> dnsServers();

        /** Time each DNS server has to answer a fetch() lookup, in milliseconds (then the next one is asked). */
        @WithDefault("5000")
        int dnsTimeoutMs();
    }

    interface Kv {
        /** Largest value a worker may put, in bytes; default shared with platform-api (bundle KvWriteScript). */
        @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_VALUE_BYTES)
        int maxValueBytes();

        /** Longest key a worker may put, in UTF-8 bytes; default shared with platform-api (bundle KvWriteScript). */
        @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_KEY_BYTES)
        int maxKeyBytes();

        /**
         * Keys a KV namespace may hold (0 = no bound); a worker's put of a new key beyond it fails, updates of
         * existing keys go through. Matches platform-api's platform.quotas.kv-keys-per-namespace.
         */
        @WithDefault("100000")
        int maxKeysPerNamespace();

        /**
         * How long a worker's put or delete waits for platform-api to confirm the write committed in PostgreSQL, in
         * milliseconds; past it the call fails with an Error (the write may still persist). 0: resolve as soon as Redis
         * applied the write, and a Redis data loss before platform-api read it (normally milliseconds) loses it.
         */
        @WithDefault("5000")
        int durableWaitMs();

        /**
         * Writes that may wait in the write stream for platform-api before a worker's put or delete is refused with an
         * Error (0 = no bound). Matches platform-api's platform.kv.max-backlog.
         */
        @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_BACKLOG)
        int maxBacklog();

        /**
         * While platform-api restores Redis from PostgreSQL (after Redis lost its data), a get that finds no value fails
         * with an Error instead of answering null for a key that may exist. false: answer null.
         */
        @WithDefault("true")
        boolean failMissesWhileRestoring();
    }

    interface Sync {
        /** Load state from Redis at start and follow notices (false: tests feed state directly). */
        @WithDefault("true")
        boolean enabled();

        /** First reconnect delay after Redis goes away, in milliseconds (doubles up to the maximum). */
        @WithDefault("200")
        int reconnectInitialMs();

        /** Largest reconnect delay, in milliseconds. */
        @WithDefault("5000")
        int reconnectMaxMs();

        /**
         * The first load after the node starts compiles nothing: each version is compiled on its first request (on
         * each worker thread, outside the request's CPU budget, like any new context), so the node is ready as soon
         * as the state is loaded and verified. A version published later is still loaded once before it is swapped
         * in (one that does not load keeps the previous one serving). False: every version is compiled before the
         * node reports ready (minutes with thousands of environments on a cold JVM).
         */
        @WithDefault("true")
        boolean lazyStart();
    }
}
