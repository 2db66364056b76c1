package io.edgeworks.bundle;

/**
 * How published state is laid out in Redis. platform-api writes it (one atomic Lua script per
 * publication); edge nodes read it. PostgreSQL stays the source of truth: all of this can be rebuilt.
 * Redis is not trusted: everything an edge node serves from is signed (Ed25519, {@link BundleSigner}),
 * and nothing signed is accepted when it is older than what the edge node already applied.
 *
 * <ul>
 *   <li>{@link #MANIFESTS}: hash, account slug to that account's signed {@link AccountManifest} envelope
 *       ({@link SignedBundle#toBytes()} around {@link ManifestCodec} bytes): its sequence, custom domains,
 *       generated hostnames, routes and environment → bundle digest map. This is the only routing table edge
 *       nodes read. An edge node verifies the signature and refuses (and counts in
 *       {@code edge_state_refused_total{kind="manifest",reason}}) a manifest filed under another account, or
 *       whose sequence is below the one it applied for the account, or equal to it with other bytes; equal
 *       with the same bytes is a no-op. It serves a route only when the pattern's host lies inside one of the
 *       manifest's domains, and a generated hostname only when it is {@code <label>.<account>.<base domain>}.
 *       An account that disappears from the hash stops being served (its last sequence is remembered, so an
 *       old manifest put back later is still refused).</li>
 *   <li>{@link #BUNDLE_PREFIX}{@code <digest>}: a signed bundle envelope ({@link SignedBundle#toBytes()}),
 *       content-addressed by the sha-256 hex of the envelope's payload. An edge node fetches only digests a
 *       verified manifest names, and refuses a bundle whose root deployment sequence
 *       ({@link Deployment#sequence()}) is below the one it serves for that environment (no rollback;
 *       {@code edge_state_refused_total{kind="bundle",reason="older"}}). A bundle no longer referenced is not
 *       deleted at once: it gets a TTL (default one hour), so a node that read an older state can still
 *       fetch it.</li>
 *   <li>{@link #ENVIRONMENTS}: hash, environment key ({@code account/service/environment}) to bundle digest:
 *       platform-api's index of which envelopes are in use (for uploads and TTLs). Edge nodes ignore it: the
 *       signed manifests carry the same map. A bundle contains its root plus every deployed environment
 *       reachable through service bindings; an environment that is bound but was never deployed is not in
 *       the bundle, and the edge node answers calls to such a binding with an error.</li>
 *   <li>{@link #SEQUENCE}: the global publication sequence number, incremented by every publication in the
 *       same script that changes the hashes, so a snapshot read in MULTI/EXEC is consistent. It never goes
 *       backwards, not even after Redis lost its data (platform-api records the highest value in
 *       PostgreSQL and restarts above it). It orders notices; it is not what protects against rollback
 *       (that is the signed per-account manifest sequence).</li>
 *   <li>{@link #NOTICES}: pub/sub channel; each publication sends one {@link Notice} as JSON
 *       ({@link NoticeCodec}) naming the accounts whose manifest changed. {@code full=true} (with an empty
 *       list) means the whole state was rewritten: reload everything.</li>
 *   <li>{@link #EPOCH}: the id of the platform database that owns the state, written by the publication
 *       that (re)builds the whole state; its absence tells platform-api that Redis lost the state and
 *       must be republished. {@link #LEASE}: the same id with a short TTL that the owner's relays renew;
 *       another database's relay leaves the state alone while it lives. Edge nodes ignore both.</li>
 *   <li>{@link #ACCOUNTS}: hash, account slug to the JSON list of that account's environment keys in
 *       {@link #ENVIRONMENTS}; platform-api's own index, edge nodes ignore it.</li>
 *   <li>{@link #KV_PREFIX}{@code <namespaceId>}: hash, key to value, for KV namespaces: the read path of edge nodes and
 *       of the KV API. PostgreSQL holds the same values (table {@code kv_values}) and is their source of truth. Every
 *       write goes through {@link KvWriteScript}, which changes the hash and appends the write to {@link #KV_WRITES} in
 *       one step.</li>
 *   <li>{@link #KV_WRITES}: stream of KV writes not yet persisted ({@link KvWrite} fields; the entry id is the write's
 *       {@link KvVersion}). platform-api replicas read it in the consumer group {@link #KV_GROUP} (each entry goes to one
 *       replica; entries a dead replica read but did not acknowledge are claimed by another, {@code XAUTOCLAIM}), upsert
 *       each write in PostgreSQL keeping the highest version per key, then {@code XACK} and {@code XDEL} it (so the
 *       stream's length is the backlog, bounded by {@link KvWriteScript}) and publish the tickets of an edge node's
 *       writes on {@link #kvAckChannel} of that node, whose {@code put}/{@code delete} resolves on it.</li>
 *   <li>{@link #KV_RESTORED}: string, the {@code run_id} of the Redis server whose KV hashes platform-api last restored
 *       from PostgreSQL. Absent (Redis lost its data, or a first start) or naming another server (a failover to a
 *       replica, a restart) means the hashes may lack or hold outdated values: one platform-api replica (holding
 *       {@link #KV_RESTORE_LOCK}) rewrites every namespace's hash from PostgreSQL, then sets it. While it is absent,
 *       {@link KvWriteScript} records written keys in {@link #kvTouchedKey} (the restore leaves those alone), and a read
 *       that finds no value answers "restoring" rather than "absent".</li>
 *   <li>{@link #KV_ACK_PREFIX}{@code <writer>}: pub/sub channel of one edge node (its random writer id); platform-api
 *       publishes there the tickets of that node's writes once they are committed in PostgreSQL ({@link KvWrite#ackMessage}).</li>
 *   <li>{@link #ACME_HTTP01_PREFIX}{@code <token>}: string, the key authorization of a pending ACME HTTP-01
 *       challenge, written by platform-api while a certificate order validates (with a TTL); every edge node
 *       answers {@code GET /.well-known/acme-challenge/<token>} with it, on any host. Not signed: the value is
 *       public by design (the CA fetches it over plain HTTP) and useless without the platform's ACME account key.</li>
 *   <li>{@link #CRON_LEASE_PREFIX}{@code <environment key>:<tick epoch ms>:<cron digest>} (see {@link #cronLeaseKey}):
 *       string, the id of the edge node that claimed one tick of one cron trigger, set with {@code SET … NX PX}. Every
 *       node that has the trigger in its applied state tries to claim each tick; the one whose SET succeeds runs the
 *       version's {@code scheduled()}, the others leave it. The key is per tick, so it is a claim, not a lock held
 *       while the run lasts: a node that dies mid-run loses that run (it is not retried) and blocks no later tick,
 *       and the claim outlives the time in which any node would still try that tick (the edge's
 *       {@code edge.cron.max-lateness-ms} plus margin), so a node that joins, restarts or wakes late never runs a
 *       tick twice. Edge nodes' clocks must agree within that time (NTP). Missed ticks (no node up) are not run
 *       later.</li>
 *   <li>{@link #CRON_RUNS_PREFIX}{@code <environment key>}: list, the environment's recent cron runs, newest
 *       first ({@link CronRunCodec} JSON): the node that ran a tick pushes its run ({@code LPUSH}), keeps the newest
 *       {@link #CRON_RUNS_KEPT} ({@code LTRIM}) and sets the list to expire {@link #CRON_RUNS_TTL_SECONDS} after the
 *       last run (so the runs of a deleted or renamed environment go away); platform-api reads it for
 *       {@code GET …/environments/{e}/triggers/runs}. Not signed: written by edge nodes, shown to members only.</li>
 *   <li>{@link #TAILS}: hash, live tail id to its {@link TailEntry} JSON (environment, wrangler filters, hard expiry, lease),
 *       written by platform-api (create, lease renewal, delete; expired entries are swept). Each change increments
 *       {@link #TAILS_VERSION}; edge nodes poll that counter (every {@code edge.tail.poll-ms}) and re-read the hash when it
 *       moved, so a new tail streams within one poll and an edge with no live tail in the hash does no per-request tail
 *       work at all. Not signed: a tail only makes edges send copies of an environment's request metadata and logs to
 *       {@link #tailChannel}, where only the platform-api replica holding that tail's consumer listens.</li>
 *   <li>{@link #TAIL_OWNERS}: hash, tail id to who started it (account, actor, environment): platform-api's own, so
 *       whichever replica ends a tail audits the end; edge nodes ignore it.</li>
 *   <li>{@link #TAIL_CHANNEL_PREFIX}{@code <tail id>}: pub/sub channel; edge nodes publish each trace event that passes the
 *       tail's filters as one JSON message (Cloudflare's tail event shape); the platform-api replica holding the tail's
 *       WebSocket or SSE stream subscribes and forwards it. Pub/sub, not streams: a consumer that is not listening has
 *       nothing to catch up on (as with Cloudflare's tail).</li>
 *   <li>{@link #ANALYTICS_STREAM}: stream; each edge node adds one entry per flush ({@code XADD … MAXLEN ~}
 *       {@link #ANALYTICS_STREAM_MAX_LEN}, field {@code batch}: an {@link AnalyticsBatch} as {@link AnalyticsCodec} JSON), the
 *       per-minute aggregates of the requests it served since its last flush. platform-api replicas read it in the
 *       consumer group {@link #ANALYTICS_GROUP} (each entry goes to one replica), add the batch to PostgreSQL and
 *       acknowledge it after the commit; an entry read but never acknowledged (a replica died) is claimed by another
 *       replica later. Not signed: written by edge nodes, shown to members only.</li>
 * </ul>
 *
 * <p>Secrets in bundles are {@link SealedSecret}s sealed with the bundle secret key (AES-256-GCM,
 * {@link SecretSealer#open}) under the associated data {@link SecretContext#bundle}
 * {@code "<account>/<service>/<environment>:<version number>:<NAME>"}, e.g. {@code "acme/hello/production:3:API_KEY"}.
 */
public final class RedisLayout {
    public static final String BUNDLE_PREFIX = "edgeworks:bundle:";
    public static final String ENVIRONMENTS = "edgeworks:state:environments";
    public static final String MANIFESTS = "edgeworks:state:manifests";
    public static final String SEQUENCE = "edgeworks:state:sequence";
    public static final String NOTICES = "edgeworks:notices";
    public static final String KV_PREFIX = "edgeworks:kv:";
    public static final String KV_WRITES = "edgeworks:kv-writes";
    /** The consumer group of platform-api replicas on {@link #KV_WRITES}. */
    public static final String KV_GROUP = "platform-api";
    public static final String KV_RESTORED = "edgeworks:kv-restored";
    public static final String KV_RESTORE_LOCK = "edgeworks:kv-restore-lock";
    public static final String KV_TOUCHED_PREFIX = "edgeworks:kv-touched:";
    public static final String KV_ACK_PREFIX = "edgeworks:kv-acks:";
    public static final String EPOCH = "edgeworks:state:epoch";
    public static final String ACCOUNTS = "edgeworks:state:accounts";
    public static final String LEASE = "edgeworks:state:owner-lease";
    public static final String ACME_HTTP01_PREFIX = "edgeworks:acme:http01:";
    public static final String CRON_LEASE_PREFIX = "edgeworks:cron:lease:";
    public static final String CRON_RUNS_PREFIX = "edgeworks:cron:runs:";
    public static final String TAILS = "edgeworks:tails";
    public static final String TAILS_VERSION = "edgeworks:tails:version";
    public static final String TAIL_OWNERS = "edgeworks:tails:owners";
    public static final String TAIL_CHANNEL_PREFIX = "edgeworks:tail:";
    public static final String ANALYTICS_STREAM = "edgeworks:analytics";
    /** The consumer group of platform-api replicas on {@link #ANALYTICS_STREAM}. */
    public static final String ANALYTICS_GROUP = "platform-api";
    /** Entries {@link #ANALYTICS_STREAM} keeps at least (XADD MAXLEN ~): about an hour of 50 nodes flushing every 2 s. */
    public static final long ANALYTICS_STREAM_MAX_LEN = 100_000;
    /** Runs kept per environment in {@link #cronRunsKey}. */
    public static final int CRON_RUNS_KEPT = 100;
    /** A run list expires this long after its last run (30 days). */
    public static final long CRON_RUNS_TTL_SECONDS = 30L * 24 * 3600;

    private RedisLayout() {
    }

    public static String bundleKey(String digest) {
        return BUNDLE_PREFIX + digest;
    }

    /** The key of an HTTP-01 challenge's key authorization; {@code token} is base64url (RFC 8555 §8.3). */
    public static String acmeHttp01Key(String token) {
        if (!isAcmeToken(token)) {
            throw new IllegalArgumentException("not an ACME token: " + token);
        }
        return ACME_HTTP01_PREFIX + token;
    }

    /** Whether {@code token} has the shape of an ACME challenge token: 1 to 128 base64url characters. */
    public static boolean isAcmeToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The claim of one tick of one cron trigger: environment key, the tick in epoch milliseconds and the first 16 hex
     * digits of the SHA-256 of the cron expression (two triggers of an environment due at the same minute are two
     * runs; a digest keeps spaces and glob characters out of the key).
     */
    public static String cronLeaseKey(String environmentKey, String cron, long scheduledTimeMillis) {
        String digest = Digests.sha256Hex(cron.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
        return CRON_LEASE_PREFIX + environmentKey + ":" + scheduledTimeMillis + ":" + digest;
    }

    /** The list of an environment's recent cron runs (newest first). */
    public static String cronRunsKey(String environmentKey) {
        return CRON_RUNS_PREFIX + environmentKey;
    }

    /** The pub/sub channel of one live tail's events. */
    public static String tailChannel(String tailId) {
        return TAIL_CHANNEL_PREFIX + tailId;
    }

    public static String kvKey(String namespaceId) {
        return KV_PREFIX + namespaceId;
    }

    /** Hash of the keys of a namespace written while the KV hashes are being restored ({@link #KV_RESTORED} absent). */
    public static String kvTouchedKey(String namespaceId) {
        return KV_TOUCHED_PREFIX + namespaceId;
    }

    /** The pub/sub channel on which edge node {@code writer} hears that its KV writes are durable. */
    public static String kvAckChannel(String writer) {
        return KV_ACK_PREFIX + KvWrite.checkTicket(writer);
    }
}
