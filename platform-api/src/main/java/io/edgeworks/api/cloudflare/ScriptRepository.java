package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Table {@code cf_scripts} (script name ↔ environment, tags, workers.dev flags) and the read-only lookups the
 * Cloudflare shapes need (version ids, KV namespace ids, the holder of an active domain). Callers scope every query
 * to an account they passed {@code AccessGuard} for; writes to versions, deployments, routes etc. go through the
 * owning services only.
 */
@ApplicationScoped
class ScriptRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final ObjectMapper json;

    ScriptRepository(ObjectMapper json) {
        this.json = json;
    }

    /** A placed script: its environment (by names) and settings. */
    record Script(String script, UUID environmentId, String service, String environment, List<String> tags, boolean workersDev,
                  boolean previewsEnabled) {
    }

    /** A version as the Cloudflare shapes need it. */
    record VersionRow(UUID id, int number, Instant createdAt, String author, String message, String tag) {
    }

    private static final String SCRIPT = "select c.script, c.environment_id, s.name, e.name, cast(c.tags as text), c.workers_dev, "
            + "c.previews_enabled from cf_scripts c join environments e on e.id = c.environment_id join services s on s.id = e.service_id ";

    Uni<Script> find(UUID accountId, String script) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SCRIPT + "where c.account_id = :account and c.script = :script",
                        Object[].class)
                .setParameter("account", accountId).setParameter("script", script).getResultList())
                .map(rows -> rows.isEmpty() ? null : script(rows.getFirst()));
    }

    Uni<Script> findByEnvironment(UUID environmentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SCRIPT + "where c.environment_id = :environment", Object[].class)
                        .setParameter("environment", environmentId).getResultList())
                .map(rows -> rows.isEmpty() ? null : script(rows.getFirst()));
    }

    /** Script names by environment id, for the account's placed scripts. */
    Uni<Map<UUID, String>> namesOf(UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select environment_id, script from cf_scripts where account_id = :account", Object[].class)
                .setParameter("account", accountId).getResultList())
                .map(rows -> {
                    Map<UUID, String> names = new HashMap<>();
                    rows.forEach(r -> names.put(Rows.uuid(r[0]), Rows.string(r[1])));
                    return names;
                });
    }

    /** Places {@code script} on the environment (no-op when it is placed already). */
    Uni<Void> insert(UUID accountId, String script, UUID environmentId, List<String> tags) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into cf_scripts(account_id, script, environment_id, tags) values (:account, :script, :environment, "
                                + "cast(cast(:tags as text) as jsonb)) on conflict do nothing")
                .setParameter("account", accountId).setParameter("script", script).setParameter("environment", environmentId)
                .setParameter("tags", write(tags)).executeUpdate()).replaceWithVoid();
    }

    Uni<Void> setTags(UUID accountId, String script, List<String> tags) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update cf_scripts set tags = cast(cast(:tags as text) as jsonb) where account_id = :account and script = :script")
                .setParameter("account", accountId).setParameter("script", script).setParameter("tags", write(tags))
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Void> setSubdomain(UUID accountId, String script, boolean enabled, boolean previews) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update cf_scripts set workers_dev = :enabled, previews_enabled = :previews where account_id = :account and script = :script")
                .setParameter("account", accountId).setParameter("script", script).setParameter("enabled", enabled)
                .setParameter("previews", previews).executeUpdate()).replaceWithVoid();
    }

    /** Whether the production script of {@code service} carries the tag {@code cf:service=<service>} (a grouped service). */
    Uni<Boolean> grouped(UUID accountId, String service) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*) from cf_scripts c join environments e on e.id = c.environment_id join services s on s.id = e.service_id "
                                + "where c.account_id = :account and s.account_id = :account and s.name = :service and e.name = 'production' "
                                + "and c.tags @> cast(cast(:tag as text) as jsonb)", Long.class)
                .setParameter("account", accountId).setParameter("service", service)
                .setParameter("tag", write(List.of(ScriptNames.SERVICE_TAG + service))).getSingleResult())
                .map(n -> n > 0);
    }

    Uni<Boolean> serviceExists(UUID accountId, String service) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*) from services where account_id = :account and name = :service", Long.class)
                .setParameter("account", accountId).setParameter("service", service).getSingleResult())
                .map(n -> n > 0);
    }

    private static final String VERSION = "select id, number, created_at, author, message, tag from versions ";

    /** The environment's versions, newest first (at most {@code limit}). */
    Uni<List<VersionRow>> versions(UUID environmentId, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(VERSION + "where environment_id = :environment order by number desc limit :limit",
                        Object[].class)
                .setParameter("environment", environmentId).setParameter("limit", limit).getResultList())
                .map(rows -> rows.stream().map(ScriptRepository::version).toList());
    }

    Uni<VersionRow> versionById(UUID environmentId, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(VERSION + "where environment_id = :environment and id = :id", Object[].class)
                        .setParameter("environment", environmentId).setParameter("id", id).getResultList())
                .map(rows -> rows.isEmpty() ? null : version(rows.getFirst()));
    }

    /** Version ids by number, for the numbers given. */
    Uni<Map<Integer, UUID>> versionIds(UUID environmentId, List<Integer> numbers) {
        if (numbers.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select number, id from versions where environment_id = :environment and number in (:numbers)", Object[].class)
                .setParameter("environment", environmentId).setParameter("numbers", numbers).getResultList())
                .map(rows -> {
                    Map<Integer, UUID> ids = new HashMap<>();
                    rows.forEach(r -> ids.put(Rows.integer(r[0]), Rows.uuid(r[1])));
                    return ids;
                });
    }

    /** The name of the account's KV namespace with this id, or null. */
    Uni<String> kvNamespaceName(UUID accountId, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select name from kv_namespaces where account_id = :account and id = :id", String.class)
                .setParameter("account", accountId).setParameter("id", id).getResultList())
                .map(rows -> rows.isEmpty() ? null : Rows.string(rows.getFirst()));
    }

    /** The slug of the account holding {@code domain} (active), or null. */
    Uni<String> activeHolder(String domain) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select a.slug from domains d join accounts a on a.id = d.account_id where d.name = :name and d.status = 'active'",
                        String.class)
                .setParameter("name", domain).getResultList())
                .map(rows -> rows.isEmpty() ? null : Rows.string(rows.getFirst()));
    }

    private static VersionRow version(Object[] r) {
        return new VersionRow(Rows.uuid(r[0]), Rows.integer(r[1]), Rows.instant(r[2]), Rows.string(r[3]), Rows.string(r[4]),
                Rows.string(r[5]));
    }

    private Script script(Object[] r) {
        try {
            return new Script(Rows.string(r[0]), Rows.uuid(r[1]), Rows.string(r[2]), Rows.string(r[3]),
                    json.readValue(Rows.string(r[4]), STRINGS), (Boolean) r[5], (Boolean) r[6]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cf_scripts.tags is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
