package io.edgeworks.api.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * Quotas and limits per user, account, service and token (prefix {@code platform.quotas}), all enforced by
 * {@link Quotas}. A count of 0 means no limit. The defaults are generous: they stop runaway scripts, not
 * normal use.
 */
@ConfigMapping(prefix = "platform.quotas")
public interface QuotaConfig {

    /** Accounts one user may own (be an owner of); creating one more answers 400. */
    @WithDefault("100")
    int accountsPerUser();

    /** Services per account; creating one more answers 400. */
    @WithDefault("100")
    int servicesPerAccount();

    /** Environments per service, production included; creating (or cloning) one more answers 400. */
    @WithDefault("50")
    int environmentsPerService();

    /**
     * Versions kept per environment: after each new version, versions older than the newest N are deleted
     * unless the current deployment or one of the last {@link #rollbackDeployments()} deployments uses them.
     */
    @WithDefault("100")
    int versionsPerEnvironment();

    /** How many of an environment's most recent deployments keep their versions from pruning (rollback targets). */
    @WithDefault("10")
    int rollbackDeployments();

    /** Deployments per account in any 60 seconds (every version deployed, rollback, promote, clone); beyond it 429. */
    @WithDefault("120")
    int deploysPerMinute();

    /**
     * API requests per minute per token (its subject and authorized party), counted in Redis so that it holds
     * across API replicas; beyond it 429. Health and OpenAPI are not counted.
     */
    @WithDefault("2400")
    int apiRequestsPerMinute();

    /** KV namespaces per account; creating one more answers 400. */
    @WithDefault("100")
    int kvNamespacesPerAccount();

    /**
     * Keys per KV namespace; writing a new key beyond it answers 400 (updates of existing keys pass). Edge nodes
     * apply the same bound to workers' writes with {@code edge.kv.max-keys-per-namespace}: keep both equal.
     */
    @WithDefault("100000")
    int kvKeysPerNamespace();

    /** Custom domains per account; adding one more answers 400. */
    @WithDefault("100")
    int domainsPerAccount();

    /** Custom routes per account; adding one more answers 400. */
    @WithDefault("1000")
    int routesPerAccount();

    /** Account API tokens per account that are neither revoked nor expired; creating one more answers 400. */
    @WithDefault("50")
    int tokensPerAccount();

    /** Account slugs nobody may take (they would shadow platform hostnames); 400. */
    @WithDefault("www,api,admin,edge,static,assets,auth,login,logout,signup,status,mail,email,smtp,imap,pop,ftp,ns,ns1,ns2,"
            + "dns,cdn,app,apps,dashboard,console,portal,docs,help,support,billing,blog,root,system,platform,edgeworks,"
            + "internal,localhost,metrics,health,security,abuse,postmaster,hostmaster,webmaster,wpad,autoconfig,autodiscover")
    List<String> reservedSlugs();

    /**
     * How long the slug of a deleted account (and so its generated hostnames) stays blocked for everyone but the
     * account's owners at deletion time.
     */
    @WithDefault("30d")
    Duration slugCooldown();
}
