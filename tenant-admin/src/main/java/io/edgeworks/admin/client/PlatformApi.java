package io.edgeworks.admin.client;

import io.edgeworks.admin.client.ApiModel.AccountAnalytics;
import io.edgeworks.admin.client.ApiModel.Account;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.AuditEntry;
import io.edgeworks.admin.client.ApiModel.CronRun;
import io.edgeworks.admin.client.ApiModel.Deployment;
import io.edgeworks.admin.client.ApiModel.Domain;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.KvNamespace;
import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.ApiModel.Member;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Route;
import io.edgeworks.admin.client.ApiModel.Service;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.ApiModel.Version;

import java.util.List;
import java.util.Map;

/**
 * What the portal asks of platform-api, always on behalf of the signed-in person (their access token).
 * Every method throws {@link ApiException} when the API refuses or cannot be reached.
 */
public interface PlatformApi {

    Me me();

    List<Account> accounts();

    Account createAccount(String slug, String name);

    /** Owners only: deletes the account with everything in it. */
    void deleteAccount(String slug);

    List<Member> members(String account);

    /** The account's API tokens that are not revoked (never their secrets). */
    List<ApiModel.ApiToken> tokens(String account);

    /** Creates an API token; {@code ttl} null or empty: it never expires. The answer holds the secret, once. */
    ApiModel.CreatedApiToken createToken(String account, String name, List<String> scopes, String ttl);

    void revokeToken(String account, String id);

    void putMember(String account, String username, String role);

    void removeMember(String account, String username);

    List<Service> services(String account);

    Service service(String account, String service);

    Service createService(String account, String name);

    void deleteService(String account, String service);

    List<Environment> environments(String account, String service);

    Environment environment(String account, String service, String environment);

    /** Creates an empty environment, or a clone of {@code cloneFrom} when it is not null. */
    Environment createEnvironment(String account, String service, String name, String cloneFrom);

    Environment renameEnvironment(String account, String service, String environment, String newName);

    void deleteEnvironment(String account, String service, String environment);

    /** Newest first. */
    List<Version> versions(String account, String service, String environment, int limit);

    Version version(String account, String service, String environment, int number);

    Version createVersion(String account, String service, String environment, NewVersion version);

    /** GET …/environments/{e}/graph: the environments it reaches through service bindings, transitively. */
    Graph graph(String account, String service, String environment);

    /** GET …/environments/{e}/triggers: the cron expressions, in the order set. */
    List<String> triggers(String account, String service, String environment);

    /** PUT …/environments/{e}/triggers: replaces them (empty: none); ApiException 400 with {@code crons[i]} field errors. */
    List<String> setTriggers(String account, String service, String environment, List<String> crons);

    /** GET …/environments/{e}/analytics?from=&to=&step=: traffic per version in steps (from/to ISO instants, step e.g. 5m). */
    EnvironmentAnalytics environmentAnalytics(String account, String service, String environment, String from, String to, String step);

    /** GET /accounts/{a}/analytics?from=&to=: the busiest and the most failing environments. */
    AccountAnalytics accountAnalytics(String account, String from, String to);

    /** GET …/environments/{e}/triggers/runs?limit=: the recent runs, newest first. */
    List<CronRun> cronRuns(String account, String service, String environment, int limit);

    /** Merges vars into a new version; a null value deletes the var. */
    Version patchVars(String account, String service, String environment, Map<String, String> changes);

    Version putSecret(String account, String service, String environment, String name, String value);

    Version deleteSecret(String account, String service, String environment, String name);

    void deploy(String account, String service, String environment, List<Slice> versions, String message);

    List<Deployment> deployments(String account, String service, String environment);

    void promote(String account, String service, String environment, String to, String message);

    List<Domain> domains(String account);

    void createDomain(String account, String name);

    void deleteDomain(String account, String name);

    /** PATCH …/domains/{name} {https_redirect}: the domain with the setting changed. */
    Domain setHttpsRedirect(String account, String name, boolean on);

    /** POST …/domains/{name}/verify: the domain, active; ApiException (409) saying what was looked up and found otherwise. */
    Domain verifyDomain(String account, String name);

    List<Route> routes(String account);

    void createRoute(String account, String pattern, String service, String environment);

    void deleteRoute(String account, String id);

    /** GET …/previews: newest first. */
    List<ApiModel.Preview> previews(String account);

    /** POST …/previews {name, from, services}: the closure of the services through their bindings, cloned. */
    ApiModel.Preview createPreview(String account, String name, String from, List<String> services);

    /** DELETE …/previews/{name}: every environment of the preview. */
    void deletePreview(String account, String name);

    List<KvNamespace> namespaces(String account);

    void createNamespace(String account, String name);

    void deleteNamespace(String account, String name);

    List<String> kvKeys(String account, String namespace, String prefix);

    /** The value as text (UTF-8), or empty when the key does not exist. */
    java.util.Optional<String> kvGet(String account, String namespace, String key);

    void kvPut(String account, String namespace, String key, String value);

    void kvDelete(String account, String namespace, String key);

    /** Newest first; {@code before} is the cursor (an entry id) or null. */
    List<AuditEntry> audit(String account, int limit, Long before);
}
