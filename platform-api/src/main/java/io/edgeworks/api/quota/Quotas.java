package io.edgeworks.api.quota;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldError;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.common.QuotaDetail;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.security.AccountAccess;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every quota of the control plane, in one place (settings: {@link QuotaConfig}). The feature services call it
 * inside their transactions, before they write:
 * <ul>
 *   <li><b>counts</b> (accounts a user owns, services, environments, KV namespaces, domains, routes, API tokens): the check
 *       takes a transaction-scoped advisory lock on the quota and its scope, then counts, so concurrent creates
 *       cannot overshoot; beyond the limit 400 with a {@code quota} member;</li>
 *   <li><b>deploys per minute</b> per account: deployments of the account's last 60 seconds, counted in
 *       PostgreSQL (so it holds across replicas) under the same kind of lock; beyond it 429 with
 *       {@code Retry-After} = seconds until the oldest of them leaves the window;</li>
 *   <li><b>version retention</b>: after each new version, versions older than the newest N are pruned unless the
 *       current deployment or one of the last {@code rollback-deployments} deployments uses them (those stay
 *       rollback targets; deployment history rows are never deleted, and a rollback to a pruned number answers
 *       400 like any unknown version);</li>
 *   <li><b>KV</b>: value size (413), keys per namespace (the shared {@code KvWriteScript}, also run by edge nodes);</li>
 *   <li><b>account slugs</b>: reserved names (400) and the cool-down of a deleted account's slug (409 for anyone
 *       but its former owners).</li>
 * </ul>
 * API requests per token are limited by {@link ApiRateLimiter} in front of every resource.
 */
@ApplicationScoped
public class Quotas {
    private static final int DEPLOY_WINDOW_SECONDS = 60;

    private final QuotaConfig config;
    private final PlatformConfig platform;
    private final QuotaRepository repository;
    private final AuditLog audit;
    private final Set<String> reserved;

    public Quotas(QuotaConfig config, PlatformConfig platform, QuotaRepository repository, AuditLog audit) {
        this.config = config;
        this.platform = platform;
        this.repository = repository;
        this.audit = audit;
        this.reserved = config.reservedSlugs().stream().map(String::trim).map(String::toLowerCase).collect(Collectors.toSet());
    }

    public Uni<Void> requireAccountRoom(String username) {
        return requireRoom("accounts-per-user", config.accountsPerUser(), username,
                "select count(*) from members where username = :scope and role = 'owner'",
                "user '" + username + "' owns", "accounts", "delete an account you no longer need");
    }

    public Uni<Void> requireServiceRoom(AccountAccess access) {
        return requireRoom("services-per-account", config.servicesPerAccount(), access.accountId(),
                "select count(*) from services where account_id = :scope",
                "account '" + access.slug() + "' has", "services", "delete services it no longer needs");
    }

    public Uni<Void> requireEnvironmentRoom(AccountAccess access, UUID serviceId, String service) {
        return requireRoom("environments-per-service", config.environmentsPerService(), serviceId,
                "select count(*) from environments where service_id = :scope",
                "service '" + access.slug() + "/" + service + "' has", "environments", "delete preview environments it no longer needs");
    }

    public Uni<Void> requireKvNamespaceRoom(AccountAccess access) {
        return requireRoom("kv-namespaces-per-account", config.kvNamespacesPerAccount(), access.accountId(),
                "select count(*) from kv_namespaces where account_id = :scope",
                "account '" + access.slug() + "' has", "KV namespaces", "delete namespaces it no longer needs");
    }

    public Uni<Void> requireDomainRoom(AccountAccess access) {
        return requireRoom("domains-per-account", config.domainsPerAccount(), access.accountId(),
                "select count(*) from domains where account_id = :scope",
                "account '" + access.slug() + "' holds", "domains", "delete domains it no longer uses");
    }

    public Uni<Void> requireRouteRoom(AccountAccess access) {
        return requireRoom("routes-per-account", config.routesPerAccount(), access.accountId(),
                "select count(*) from routes where account_id = :scope",
                "account '" + access.slug() + "' has", "routes", "delete routes it no longer needs");
    }

    public Uni<Void> requireApiTokenRoom(AccountAccess access) {
        return requireRoom("tokens-per-account", config.tokensPerAccount(), access.accountId(),
                "select count(*) from api_tokens where account_id = :scope and revoked_at is null and (expires_at is null or expires_at > now())",
                "account '" + access.slug() + "' has", "active API tokens", "revoke tokens it no longer needs");
    }

    /** Refuses (429 + Retry-After) a deployment of the environment when its account deployed too often in the last minute. */
    public Uni<Void> requireDeployRoom(UUID environmentId) {
        int limit = config.deploysPerMinute();
        if (limit <= 0) {
            return Uni.createFrom().voidItem();
        }
        return repository.accountOfEnvironment(environmentId).chain(account -> repository.lock("deploys:" + account)
                .chain(() -> repository.deploymentsWithin(account, DEPLOY_WINDOW_SECONDS))
                .map(window -> {
                    if (window.count() >= limit) {
                        throw exceeded(429, "deploys-per-minute", limit, window.count(), "the account deployed " + window.count()
                                + " times in the last minute, the limit is " + limit + " (quota deploys-per-minute); retry after "
                                + Math.max(1, window.retryAfterSeconds()) + " s, or ask the platform operator to raise "
                                + "platform.quotas.deploys-per-minute", Math.max(1, window.retryAfterSeconds()));
                    }
                    return null;
                }));
    }

    /**
     * Applies the retention rule to the environment after a new version (the caller holds the environment's
     * lock); records the pruned numbers in the audit log.
     */
    public Uni<Void> pruneVersions(AccountAccess access, String environmentKey, UUID environmentId) {
        int keep = config.versionsPerEnvironment();
        if (keep <= 0) {
            return Uni.createFrom().voidItem();
        }
        return repository.pruneVersions(environmentId, keep, Math.max(1, config.rollbackDeployments()))
                .chain(pruned -> pruned.isEmpty() ? Uni.createFrom().voidItem()
                        : audit.record(access, "version.prune", environmentKey, Map.of("before", Map.of("numbers", pruned),
                        "after", Map.of("kept_newest", keep, "rollback_deployments", config.rollbackDeployments()))));
    }

    /** 413 for a KV value above {@code platform.limits.kv-value-bytes}. */
    public void requireKvValueSize(int bytes) {
        int limit = platform.limits().kvValueBytes();
        if (bytes > limit) {
            throw new ProblemException(413, "the value has " + bytes + " bytes, more than the limit of " + limit
                    + " bytes (platform.limits.kv-value-bytes)", List.of(new FieldError("value", "has " + bytes + " bytes, the limit is " + limit)),
                    new QuotaDetail("kv-value-bytes", limit, bytes, "platform.limits.kv-value-bytes"), 0);
        }
    }

    /** The bound to pass to the KV put script (0 = none). */
    public int kvKeysPerNamespace() {
        return Math.max(0, config.kvKeysPerNamespace());
    }

    /** Turns a put the KV script refused into a 400 naming the quota. */
    public void requireKvWritten(boolean written, long keys, String namespace) {
        if (!written) {
            int limit = kvKeysPerNamespace();
            throw exceeded(400, "kv-keys-per-namespace", limit, keys, "KV namespace '" + namespace + "' holds " + keys
                    + " keys, the limit is " + limit + " (quota kv-keys-per-namespace): delete keys it no longer needs "
                    + "(updates of existing keys are allowed), or ask the platform operator to raise platform.quotas.kv-keys-per-namespace", 0);
        }
    }

    /**
     * Checks that {@code username} may create an account with {@code slug}: not reserved (400), not blocked by
     * the cool-down of a deleted account unless the user owned it (409). Clears the slug's tombstone.
     */
    public Uni<Void> claimSlug(String slug, String username) {
        if (reserved.contains(slug)) {
            throw ProblemException.invalid("slug", "'" + slug + "' is reserved by the platform (platform.quotas.reserved-slugs); choose another");
        }
        return repository.tombstone(slug, username).chain(tombstone -> {
            if (tombstone != null && !tombstone.formerOwner()) {
                throw ProblemException.conflict("account slug '" + slug + "' belonged to a deleted account; so that nobody takes over "
                        + "its hostnames it is held back until " + tombstone.availableAt().truncatedTo(ChronoUnit.SECONDS)
                        + " (platform.quotas.slug-cooldown); only that account's owners may re-create it before then");
            }
            return tombstone == null ? Uni.createFrom().voidItem() : repository.dropTombstone(slug);
        });
    }

    /** Blocks the slug of an account being deleted for the cool-down (call before the account's rows go). */
    public Uni<Void> releaseSlug(AccountAccess access) {
        long seconds = config.slugCooldown().toSeconds();
        return seconds <= 0 ? Uni.createFrom().voidItem()
                : repository.writeTombstone(access.accountId(), access.slug(), access.username(), seconds);
    }

    private Uni<Void> requireRoom(String name, int limit, Object scope, String countSql, String subject, String noun, String remedy) {
        if (limit <= 0) {
            return Uni.createFrom().voidItem();
        }
        return repository.lock(name + ":" + scope).chain(() -> repository.count(countSql, scope)).map(current -> {
            if (current >= limit) {
                throw exceeded(400, name, limit, current, subject + " " + current + " " + noun + ", the limit is " + limit
                        + " (quota " + name + "): " + remedy + ", or ask the platform operator to raise platform.quotas." + name, 0);
            }
            return null;
        });
    }

    static ProblemException exceeded(int status, String name, long limit, long current, String detail, long retryAfterSeconds) {
        return new ProblemException(status, detail, List.of(), new QuotaDetail(name, limit, current, "platform.quotas." + name),
                retryAfterSeconds);
    }
}
