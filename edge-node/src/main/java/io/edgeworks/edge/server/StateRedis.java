package io.edgeworks.edge.server;

import io.edgeworks.edge.sync.RedisAccess;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How this node reaches the published state's Redis, for every service that talks to it directly (the state
 * sync, cron tick claims): exactly as the Quarkus client of the KV bindings does, with the same URL (an ACL user
 * in it; the first of {@code quarkus.redis.hosts}), password and TLS configuration of the TLS registry
 * ({@code quarkus.redis.tls-configuration-name}). A TLS configuration that is missing or trusts every
 * certificate stops the node at start. With {@code quarkus.redis.client-type=sentinel} every URL of
 * {@code quarkus.redis.hosts} is a Sentinel and the node follows the primary of {@code quarkus.redis.master-name}; a
 * cluster or static replication client type stops the node at start (the state sync needs one primary).
 */
@ApplicationScoped
public class StateRedis {
    private final RedisAccess access;
    private final RedisAccess kvAccess;

    public StateRedis(@ConfigProperty(name = "quarkus.redis.hosts") String redisUrl,
                      @ConfigProperty(name = "quarkus.redis.password") Optional<String> redisPassword,
                      @ConfigProperty(name = "quarkus.redis.tls-configuration-name") Optional<String> tlsName,
                      @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
                      @ConfigProperty(name = "quarkus.redis.master-name", defaultValue = "mymaster") String masterName,
                      @ConfigProperty(name = "quarkus.redis.kv.hosts") String kvUrl,
                      @ConfigProperty(name = "quarkus.redis.kv.password") Optional<String> kvPassword,
                      @ConfigProperty(name = "quarkus.redis.kv.tls-configuration-name") Optional<String> kvTlsName,
                      @ConfigProperty(name = "quarkus.redis.kv.client-type", defaultValue = "standalone") String kvClientType,
                      @ConfigProperty(name = "quarkus.redis.kv.master-name", defaultValue = "mymaster") String kvMasterName,
                      TlsConfigurationRegistry registry) {
        String master = master(clientType, masterName, "EDGE_REDIS_CLIENT_TYPE");
        String kvMaster = master(kvClientType, kvMasterName, "EDGE_REDIS_KV_CLIENT_TYPE");
        this.access = access(urls(redisUrl, master), redisPassword.orElse(null), tlsName, master, registry);
        this.kvAccess = access(urls(kvUrl, kvMaster), kvPassword.orElse(null), kvTlsName, kvMaster, registry);
    }

    /** The Sentinel master set to follow, or null for a standalone Redis; other client types stop the node at start. */
    private static String master(String clientType, String masterName, String variable) {
        return switch (clientType.toLowerCase(java.util.Locale.ROOT)) {
            case "standalone" -> null;
            case "sentinel" -> masterName;
            default -> throw new IllegalStateException("client-type=" + clientType + " (" + variable + "):"
                    + " the state sync and KV acknowledgements follow one primary; use standalone or sentinel");
        };
    }

    /** Every Sentinel of the list, or the first URL of a standalone client's. */
    private static String urls(String hosts, String master) {
        return master == null ? hosts.split(",")[0].trim() : hosts;
    }

    public RedisAccess access() {
        return access;
    }

    /** The same for the KV bindings' Redis (client "kv"): the KV acknowledgement channel subscribes there. */
    public RedisAccess kvAccess() {
        return kvAccess;
    }

    static RedisAccess access(String url, String password, Optional<String> tlsName, String sentinelMaster,
                              TlsConfigurationRegistry registry) {
        if (tlsName.isEmpty()) {
            return new RedisAccess(url, password, null, true, sentinelMaster);
        }
        TlsConfiguration tls = registry.get(tlsName.get()).orElseThrow(() -> new IllegalStateException(
                "quarkus.redis.tls-configuration-name names TLS configuration '" + tlsName.get()
                        + "', which is not defined (quarkus.tls." + tlsName.get() + ".trust-store...)"));
        if (tls.isTrustAll()) {
            throw new IllegalStateException("TLS configuration '" + tlsName.get() + "' trusts every certificate: not for Redis");
        }
        boolean verifyHost = !"NONE".equalsIgnoreCase(tls.getHostnameVerificationAlgorithm().orElse("HTTPS"));
        return new RedisAccess(url, password, tls.getTrustStoreOptions(), verifyHost, sentinelMaster);
    }
}
