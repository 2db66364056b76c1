package io.edgeworks.bundle;

/**
 * How published state is laid out in Redis. platform-api writes it (one atomic Lua script per
 * publication); edge nodes read it. PostgreSQL stays the source of truth: all of this can be rebuilt.
 *
 * <ul>
 *   <li>{@link #BUNDLE_PREFIX}{@code <digest>}: a signed bundle envelope ({@link SignedBundle#toBytes()}),
 *       content-addressed by the sha-256 hex of the envelope's payload. A bundle no longer referenced by
 *       {@link #ENVIRONMENTS} is not deleted at once: it gets a TTL (default one hour), so a node that
 *       read an older state can still fetch it.</li>
 *   <li>{@link #ENVIRONMENTS}: hash, environment key ({@code account/service/environment}) to bundle digest.
 *       Only deployed environments appear. A bundle contains its root plus every deployed environment
 *       reachable through service bindings; an environment that is bound but was never deployed is not in
 *       the bundle, and the edge node answers calls to such a binding with an error.</li>
 *   <li>{@link #HOSTNAMES}: hash, lower-case hostname to environment key (deployed environments only).</li>
 *   <li>{@link #ROUTES}: hash, route id to JSON {@code {"pattern":"…","environment":"a/s/e"}} (routes whose
 *       environment is deployed).</li>
 *   <li>{@link #SEQUENCE}: the global sequence number, incremented by every publication in the same
 *       script that changes the hashes, so a snapshot read in MULTI/EXEC is consistent. It never goes
 *       backwards, not even after Redis lost its data (platform-api records the highest value in
 *       PostgreSQL and restarts above it).</li>
 *   <li>{@link #NOTICES}: pub/sub channel; each publication sends one {@link Notice} as JSON
 *       ({@link NoticeCodec}). {@code full=true} (with empty lists) means the whole state was rewritten:
 *       reload everything.</li>
 *   <li>{@link #EPOCH}: the id of the platform database that owns the state, written by the publication
 *       that (re)builds the whole state; its absence tells platform-api that Redis lost the state and
 *       must be republished. {@link #LEASE}: the same id with a short TTL that the owner's relays renew;
 *       another database's relay leaves the state alone while it lives. Edge nodes ignore both.</li>
 *   <li>{@link #ACCOUNTS}: hash, account slug to the JSON list of that account's entries in the three
 *       hashes; platform-api's own index, edge nodes ignore it.</li>
 *   <li>{@link #KV_PREFIX}{@code <namespaceId>}: hash, key to value, for KV namespaces.</li>
 *   <li>{@link #ACME_HTTP01_PREFIX}{@code <token>}: string, the key authorization of a pending ACME HTTP-01
 *       challenge, written by platform-api while a certificate order validates (with a TTL); every edge node
 *       answers {@code GET /.well-known/acme-challenge/<token>} with it, on any host. Not signed: the value is
 *       public by design (the CA fetches it over plain HTTP) and useless without the platform's ACME account key.</li>
 * </ul>
 *
 * <p>Secrets in bundles are {@link SealedSecret}s sealed with the bundle secret key (AES-256-GCM,
 * {@link SecretSealer#open}) under the associated data {@link #secretAad}
 * {@code "<account>/<service>/<environment>:<version number>:<NAME>"}, e.g. {@code "acme/hello/production:3:API_KEY"}.
 */
public final class RedisLayout {
    public static final String BUNDLE_PREFIX = "edgeworks:bundle:";
    public static final String ENVIRONMENTS = "edgeworks:state:environments";
    public static final String HOSTNAMES = "edgeworks:state:hostnames";
    public static final String ROUTES = "edgeworks:state:routes";
    public static final String SEQUENCE = "edgeworks:state:sequence";
    public static final String NOTICES = "edgeworks:notices";
    public static final String KV_PREFIX = "edgeworks:kv:";
    public static final String EPOCH = "edgeworks:state:epoch";
    public static final String ACCOUNTS = "edgeworks:state:accounts";
    public static final String LEASE = "edgeworks:state:owner-lease";
    public static final String ACME_HTTP01_PREFIX = "edgeworks:acme:http01:";

    private RedisLayout() {
    }

    public static String bundleKey(String digest) {
        return BUNDLE_PREFIX + digest;
    }

    /** The associated data a bundle secret is sealed under: {@code "<environment key>:<version number>:<NAME>"}. */
    public static String secretAad(EnvironmentRef environment, int versionNumber, String name) {
        return environment.key() + ":" + versionNumber + ":" + name;
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

    public static String kvKey(String namespaceId) {
        return KV_PREFIX + namespaceId;
    }
}
