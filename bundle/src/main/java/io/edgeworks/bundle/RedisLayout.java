package io.edgeworks.bundle;

/**
 * How published state is laid out in Redis. platform-api writes it (one atomic Lua script per
 * publication); edge nodes read it. PostgreSQL stays the source of truth: all of this can be rebuilt.
 *
 * <ul>
 *   <li>{@link #BUNDLE_PREFIX}{@code <digest>}: a signed bundle envelope ({@link SignedBundle#toBytes()}),
 *       content-addressed by the sha-256 hex of the envelope's payload.</li>
 *   <li>{@link #ENVIRONMENTS}: hash, environment key ({@code account/service/environment}) to bundle digest.
 *       Only deployed environments appear.</li>
 *   <li>{@link #HOSTNAMES}: hash, lower-case hostname to environment key.</li>
 *   <li>{@link #ROUTES}: hash, route id to JSON {@code {"pattern":"…","environment":"a/s/e"}}.</li>
 *   <li>{@link #SEQUENCE}: the global sequence number, incremented by every publication in the same
 *       script that changes the hashes, so a snapshot read in MULTI/EXEC is consistent.</li>
 *   <li>{@link #NOTICES}: pub/sub channel; each publication sends one {@link Notice} as JSON.</li>
 *   <li>{@link #KV_PREFIX}{@code <namespaceId>}: hash, key to value, for KV namespaces.</li>
 * </ul>
 */
public final class RedisLayout {
    public static final String BUNDLE_PREFIX = "edgeworks:bundle:";
    public static final String ENVIRONMENTS = "edgeworks:state:environments";
    public static final String HOSTNAMES = "edgeworks:state:hostnames";
    public static final String ROUTES = "edgeworks:state:routes";
    public static final String SEQUENCE = "edgeworks:state:sequence";
    public static final String NOTICES = "edgeworks:notices";
    public static final String KV_PREFIX = "edgeworks:kv:";

    private RedisLayout() {
    }

    public static String bundleKey(String digest) {
        return BUNDLE_PREFIX + digest;
    }

    public static String kvKey(String namespaceId) {
        return KV_PREFIX + namespaceId;
    }
}
