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
         * Percent of the maximum heap in use (after a garbage collection) above which the node sheds the
         * account that allocated the most recently: its contexts are closed, its running requests end.
         */
        @WithDefault("85")
        int heapLimitPercent();

        /** Contexts a worker thread keeps (least recently used are closed beyond this). */
        @WithDefault("256")
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
        /** Largest value a worker may put, in bytes; matches platform-api's platform.limits.kv-value-bytes. */
        @WithDefault("5242880")
        int maxValueBytes();

        /** Longest key a worker may put, in UTF-8 bytes; matches platform-api's platform.limits.kv-key-bytes. */
        @WithDefault("512")
        int maxKeyBytes();

        /**
         * Keys a KV namespace may hold (0 = no bound); a worker's put of a new key beyond it fails, updates of
         * existing keys go through. Matches platform-api's platform.quotas.kv-keys-per-namespace.
         */
        @WithDefault("100000")
        int maxKeysPerNamespace();
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
    }
}
