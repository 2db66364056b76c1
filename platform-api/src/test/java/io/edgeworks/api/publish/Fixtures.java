package io.edgeworks.api.publish;

import io.edgeworks.api.security.SecretVault;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes control-plane rows with plain SQL, as the API's services would (the schema is the contract):
 * accounts, services, environments, versions (secrets sealed at rest), deployments, routes and outbox
 * rows. Each account gets a unique slug so tests never see each other's entries.
 */
final class Fixtures {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Pool pool;
    private final SecretVault atRest;

    Fixtures(Pool pool, SecretVault atRest) {
        this.pool = pool;
        this.atRest = atRest;
    }

    record Account(UUID id, String slug) {
    }

    record Env(UUID id, String service, String name, String hostname, UUID serviceId, UUID accountId) {
        SecretVault.Place place() {
            return new SecretVault.Place(accountId, serviceId, id);
        }
    }

    /** A deployed environment and its key in Redis ({@code account/service/environment}). */
    record Live(Account account, Env env, String key) {
    }

    /**
     * A new account (slug prefixed {@code prefix}) with service {@code hello} whose version 1 is deployed
     * at 100%, and the outbox row of that change: the relay publishes it next.
     */
    Live helloDeployed(String prefix) {
        Account account = account(prefix);
        Env hello = service(account, "hello");
        version(hello, 1, new JsonArray());
        deploy(hello, 1);
        changed(account);
        return new Live(account, hello, account.slug() + "/hello/production");
    }

    Account account(String prefix) {
        Account account = new Account(UUID.randomUUID(), prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
        exec("insert into accounts(id, slug, name) values ($1, $2, $3)", account.id(), account.slug(), "Account " + account.slug());
        return account;
    }

    /** A service with its production environment; more environments with {@link #environment}. */
    Env service(Account account, String name) {
        UUID id = UUID.randomUUID();
        exec("insert into services(id, account_id, name) values ($1, $2, $3)", id, account.id(), name);
        return environment(account, id, name, "production");
    }

    Env environment(Account account, Env sibling, String name) {
        UUID serviceId = (UUID) single("select service_id from environments where id = $1", sibling.id());
        return environment(account, serviceId, sibling.service(), name);
    }

    private Env environment(Account account, UUID serviceId, String service, String name) {
        UUID id = UUID.randomUUID();
        String hostname = ("production".equals(name) ? "" : name + "-") + service + "." + account.slug() + ".localhost";
        exec("insert into environments(id, service_id, name, hostname) values ($1, $2, $3, $4)", id, serviceId, name, hostname);
        return new Env(id, service, name, hostname, serviceId, account.id());
    }

    /** Version {@code number} of {@code env} with one module, the given bindings and secrets (sealed at rest). */
    UUID version(Env env, int number, String source, JsonArray bindings, Map<String, String> secrets) {
        UUID id = UUID.randomUUID();
        JsonObject sealed = new JsonObject();
        secrets.forEach((name, value) -> {
            var s = atRest.seal(env.place(), name, value);
            sealed.put(name, new JsonObject().put("nonce", s.nonce()).put("ciphertext", s.ciphertext()));
        });
        exec("insert into versions(id, environment_id, number, main_module, modules, vars, secrets, bindings, cpu_ms, author, digest)"
                        + " values ($1, $2, $3, 'index.js', $4, $5, $6, $7, 50, 'alice', $8)",
                id, env.id(), number, new JsonObject().put("index.js", source), new JsonObject().put("GREETING", "hi " + number),
                sealed, bindings, "digest-" + id);
        exec("update environments set latest_version = greatest(latest_version, $2) where id = $1", env.id(), number);
        return id;
    }

    /** Replaces the stored secret {@code name} of a version by one sealed for another name: it no longer opens. */
    void breakSecret(UUID versionId, String name) {
        var foreign = atRest.seal(new SecretVault.Place(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), name + "_OTHER", "value");
        exec("update versions set secrets = jsonb_set(secrets, array[$2], $3) where id = $1", versionId, name,
                new JsonObject().put("nonce", foreign.nonce()).put("ciphertext", foreign.ciphertext()));
    }

    /** Overwrites a version's secrets with values sealed the pre-V81 way (bare NAME as associated data). */
    void legacySecrets(UUID versionId, Map<String, String> secrets) {
        JsonObject sealed = new JsonObject();
        secrets.forEach((name, value) -> {
            var s = io.edgeworks.bundle.SecretSealer.fromBase64(
                    org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("platform.secrets.key", String.class))
                    .seal(value, io.edgeworks.bundle.SecretContext.legacyAtRest(name));
            sealed.put(name, new JsonObject().put("nonce", s.nonce()).put("ciphertext", s.ciphertext()));
        });
        exec("update versions set secrets = $2 where id = $1", versionId, sealed);
    }

    UUID version(Env env, int number, JsonArray bindings) {
        return version(env, number, "export default { fetch() { return new Response('" + env.service() + " v" + number + "'); } }", bindings, Map.of());
    }

    /** Deploys {@code number} at 100 %. */
    void deploy(Env env, int number) {
        deploy(env, new JsonArray().add(split(number, 100)));
    }

    void deploy(Env env, JsonArray splits) {
        exec("insert into deployments(id, environment_id, versions, author, created_at) values ($1, $2, $3, 'alice', clock_timestamp())",
                UUID.randomUUID(), env.id(), splits);
    }

    static JsonObject split(int number, int percentage) {
        return new JsonObject().put("number", number).put("percentage", percentage);
    }

    static JsonArray bindings(JsonObject... bindings) {
        JsonArray array = new JsonArray();
        for (JsonObject b : bindings) {
            array.add(b);
        }
        return array;
    }

    static JsonObject serviceBinding(String name, String service, String environment) {
        return new JsonObject().put("type", "service").put("name", name).put("service", service).put("environment", environment);
    }

    /** A route and, unless the account has it, an active (verified) domain of the route's host: only such routes are published. */
    UUID route(Account account, String pattern, Env env) {
        String host = pattern.replaceFirst("^https?://", "").replaceFirst("/.*$", "").replaceFirst("^\\*\\.?", "");
        exec("insert into domains(id, account_id, name, status, token, verified_at) values ($1, $2, $3, 'active', 'fixture', now())"
                + " on conflict do nothing", UUID.randomUUID(), account.id(), host);
        UUID id = UUID.randomUUID();
        exec("insert into routes(id, account_id, pattern, environment_id) values ($1, $2, $3, $4)", id, account.id(), pattern, env.id());
        return id;
    }

    /** An active (verified) domain of the account. */
    void domain(Account account, String name) {
        exec("insert into domains(id, account_id, name, status, token, verified_at) values ($1, $2, $3, 'active', 'fixture', now())",
                UUID.randomUUID(), account.id(), name);
    }

    void deleteAccount(Account account) {
        exec("delete from accounts where id = $1", account.id());
    }

    /** The outbox row the API writes with every change (what {@link Outbox#accountChanged} inserts). */
    void changed(Account account) {
        exec("insert into outbox(kind, account_id, ref) values ('account', $1, jsonb_build_object('account', $2::text))", account.id(), account.slug());
    }

    long pendingOutboxRows() {
        return (Long) single("select count(*) from outbox where published_at is null");
    }

    void exec(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(TIMEOUT);
    }

    Object single(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(TIMEOUT).iterator().next().getValue(0);
    }
}
