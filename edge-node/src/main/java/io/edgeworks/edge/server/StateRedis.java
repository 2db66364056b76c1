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

    public StateRedis(@ConfigProperty(name = "quarkus.redis.hosts") String redisUrl,
                      @ConfigProperty(name = "quarkus.redis.password") Optional<String> redisPassword,
                      @ConfigProperty(name = "quarkus.redis.tls-configuration-name") Optional<String> tlsName,
                      @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
                      @ConfigProperty(name = "quarkus.redis.master-name", defaultValue = "mymaster") String masterName,
                      TlsConfigurationRegistry registry) {
        String master = switch (clientType.toLowerCase(java.util.Locale.ROOT)) {
            case "standalone" -> null;
            case "sentinel" -> masterName;
            default -> throw new IllegalStateException("quarkus.redis.client-type=" + clientType + " (EDGE_REDIS_CLIENT_TYPE):"
                    + " the state sync follows one primary; use standalone or sentinel");
        };
        String url = master == null ? redisUrl.split(",")[0].trim() : redisUrl;
        this.access = access(url, redisPassword.orElse(null), tlsName, master, registry);
    }

    public RedisAccess access() {
        return access;
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
