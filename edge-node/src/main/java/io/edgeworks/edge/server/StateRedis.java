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
 * certificate stops the node at start.
 */
@ApplicationScoped
public class StateRedis {
    private final RedisAccess access;
    private final RedisAccess kvAccess;

    public StateRedis(@ConfigProperty(name = "quarkus.redis.hosts") String redisUrl,
                      @ConfigProperty(name = "quarkus.redis.password") Optional<String> redisPassword,
                      @ConfigProperty(name = "quarkus.redis.tls-configuration-name") Optional<String> tlsName,
                      @ConfigProperty(name = "quarkus.redis.kv.hosts") String kvUrl,
                      @ConfigProperty(name = "quarkus.redis.kv.password") Optional<String> kvPassword,
                      @ConfigProperty(name = "quarkus.redis.kv.tls-configuration-name") Optional<String> kvTlsName,
                      TlsConfigurationRegistry registry) {
        this.access = access(redisUrl.split(",")[0].trim(), redisPassword.orElse(null), tlsName, registry);
        this.kvAccess = access(kvUrl.split(",")[0].trim(), kvPassword.orElse(null), kvTlsName, registry);
    }

    public RedisAccess access() {
        return access;
    }

    /** The same for the KV bindings' Redis (client "kv"): the KV acknowledgement channel subscribes there. */
    public RedisAccess kvAccess() {
        return kvAccess;
    }

    static RedisAccess access(String url, String password, Optional<String> tlsName, TlsConfigurationRegistry registry) {
        if (tlsName.isEmpty()) {
            return new RedisAccess(url, password, null, true);
        }
        TlsConfiguration tls = registry.get(tlsName.get()).orElseThrow(() -> new IllegalStateException(
                "quarkus.redis.tls-configuration-name names TLS configuration '" + tlsName.get()
                        + "', which is not defined (quarkus.tls." + tlsName.get() + ".trust-store...)"));
        if (tls.isTrustAll()) {
            throw new IllegalStateException("TLS configuration '" + tlsName.get() + "' trusts every certificate: not for Redis");
        }
        boolean verifyHost = !"NONE".equalsIgnoreCase(tls.getHostnameVerificationAlgorithm().orElse("HTTPS"));
        return new RedisAccess(url, password, tls.getTrustStoreOptions(), verifyHost);
    }
}
