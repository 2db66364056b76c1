package io.edgeworks.api.publish;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.BindingJson;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL publication needs: claiming outbox rows ({@code for update skip locked}, so several API
 * replicas can relay) and reading accounts' deployed state. Works on the caller's connection, so
 * everything happens in the relay's transaction. The schema (V1__schema.sql) is the contract.
 */
@ApplicationScoped
class PublishRepository {

    /** An unpublished outbox row; {@code slug} is null for kind {@code full}. */
    /** {@code waitedMs}: how long ago the row was written (PostgreSQL's clock both times), for the relay's DEBUG line. */
    record Claim(long id, String kind, String slug, double waitedMs) {
        boolean full() {
            return "full".equals(kind);
        }
    }

    private static final String PENDING_SLUG = "coalesce(o.ref->>'account', a.slug)";

    /** The oldest unpublished row whose account is not in {@code skip} (rows of accounts backing off), locked. */
    Uni<Optional<Claim>> claimOldest(SqlClient conn, List<String> skip) {
        return conn.preparedQuery("select o.id, o.kind, " + PENDING_SLUG + " as slug,"
                        + " extract(epoch from clock_timestamp() - o.created_at) * 1000 as waited_ms from outbox o"
                        + " left join accounts a on a.id = o.account_id"
                        + " where o.published_at is null and not (coalesce(" + PENDING_SLUG + ", '') = any($1))"
                        + " order by o.id limit 1 for update of o skip locked")
                .execute(Tuple.of(skip.toArray(String[]::new)))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new Claim(row.getLong("id"), row.getString("kind"), row.getString("slug"),
                            row.getNumeric("waited_ms").doubleValue()));
                });
    }

    /** Locks (and returns the ids of) every unpublished 'account' row of the account, oldest first. */
    Uni<List<Long>> claimAccountRows(SqlClient conn, String slug) {
        return conn.preparedQuery("select o.id from outbox o left join accounts a on a.id = o.account_id"
                        + " where o.published_at is null and o.kind = 'account' and " + PENDING_SLUG + " = $1"
                        + " order by o.id for update of o skip locked")
                .execute(Tuple.of(slug))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids;
                });
    }

    /** Locks (and returns the ids of) every unpublished 'full' row. */
    Uni<List<Long>> claimFullRows(SqlClient conn) {
        return conn.query("select id from outbox where published_at is null and kind = 'full' order by id for update skip locked")
                .execute()
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids;
                });
    }

    /**
     * Serialises publications of one account across replicas until the transaction ends: a relay that
     * waits here reads the account only after the previous publication committed, so Redis never goes
     * back to an older state of the account.
     */
    Uni<Void> lockAccount(SqlClient conn, String slug) {
        return conn.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("edgeworks.publish:" + slug))
                .replaceWithVoid();
    }

    /** Tries to take the lock of a whole-state republication; false when another replica holds it. */
    Uni<Boolean> tryLockAll(SqlClient conn) {
        return conn.preparedQuery("select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked")
                .execute(Tuple.of("edgeworks.publish:*"))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** Marks rows published and raises the recorded highest sequence number. */
    Uni<Void> markPublished(SqlClient conn, List<Long> ids, long sequence) {
        Uni<Void> mark = ids.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery("update outbox set published_at = now() where id = any($1)")
                        .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
        return mark.chain(() -> sequence <= 0 ? Uni.createFrom().voidItem()
                : conn.preparedQuery("update publish_state set sequence = greatest(sequence, $1) where id = 1")
                        .execute(Tuple.of(sequence)).replaceWithVoid());
    }

    /** This database's owner id and the highest sequence number it ever published. */
    Uni<StateOwner> owner(SqlClient conn) {
        return conn.query("select cast(owner as text) as owner, sequence from publish_state where id = 1").execute()
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new IllegalStateException("table publish_state has no row: migration V50__publish.sql did not run");
                    }
                    Row row = rows.iterator().next();
                    return new StateOwner(row.getString("owner"), row.getLong("sequence"));
                });
    }

    /**
     * Starts a consistent read: the connection's transaction must not have run a statement yet. The
     * account is read with several queries, and a deployment committed between two of them must not
     * mix old and new rows.
     */
    Uni<Void> snapshot(SqlClient conn) {
        return conn.query("set transaction isolation level repeatable read, read only").execute().replaceWithVoid();
    }

    /** The account with this slug, or empty when it has nothing to publish (no environment, no route) or was deleted. */
    Uni<Optional<AccountData>> loadAccount(SqlClient conn, String slug) {
        return load(conn, slug).map(all -> Optional.ofNullable(all.get(slug)));
    }

    /** Every account, by slug. */
    Uni<Map<String, AccountData>> loadAll(SqlClient conn) {
        return load(conn, null);
    }

    private static final String ENVIRONMENTS = """
            select a.slug, a.id as account_id, s.id as service_id, s.name as service, e.id as environment_id,
                   e.name as environment, e.hostname, e.version_overrides
            from accounts a join services s on s.account_id = a.id join environments e on e.service_id = s.id
            where ($1::text is null or a.slug = $1)
            order by a.slug, s.name, e.name""";

    // the deployment row with the highest seq is an environment's current deployment (V2__deployment_sequence.sql)
    private static final String CURRENT = """
            with current_deployment as (
                select distinct on (d.environment_id) d.environment_id, d.versions, d.seq
                from deployments d join environments e on e.id = d.environment_id
                    join services s on s.id = e.service_id join accounts a on a.id = s.account_id
                where ($1::text is null or a.slug = $1)
                order by d.environment_id, d.seq desc)
            """;

    private static final String DEPLOYMENTS = CURRENT + "select environment_id, versions, seq from current_deployment";

    private static final String VERSION_COLUMNS = "v.id, v.environment_id, v.number, v.main_module, v.modules, v.vars, v.secrets, "
            + "v.bindings, v.cpu_ms, v.digest";

    private static final String VERSIONS = CURRENT + "select " + VERSION_COLUMNS + """

            from current_deployment c join versions v on v.environment_id = c.environment_id
            where v.number in (select (x->>'number')::int from jsonb_array_elements(c.versions) x)
            order by v.environment_id, v.number""";

    /** Versions that service bindings pin (BindingGraph.missingPins), by parallel arrays of environment ids and numbers. */
    private static final String PINNED_VERSIONS = "select " + VERSION_COLUMNS + """

            from versions v join unnest($1::uuid[], $2::int[]) p(environment_id, number)
                on p.environment_id = v.environment_id and p.number = v.number
            order by v.environment_id, v.number""";

    // only routes under an active (verified) domain of their account are served; the host is the
    // pattern without scheme, wildcard prefix and path (RoutePattern)
    private static final String ROUTES = """
            select a.slug, r.id, r.pattern, r.environment_id
            from routes r join accounts a on a.id = r.account_id
                cross join lateral (select substring(r.pattern from '^(?:https?://)?(?:\\*\\.?)?([^/]+)') as host) h
            where ($1::text is null or a.slug = $1)
              and exists (select 1 from domains d where d.account_id = r.account_id and d.status = 'active'
                          and (h.host = d.name or right(h.host, length(d.name) + 1) = '.' || d.name))
            order by r.pattern""";

    /**
     * The custom domains an account's manifest lists, i.e. the hosts its routes may serve: the one place that
     * decides which domains count: only active (verified) ones, so an edge never serves a pending claim.
     */
    private static final String MANIFEST_DOMAINS = """
            select a.slug, d.id, d.name, d.https_redirect, c.chain_pem, c.key_sealed->>'nonce' as key_nonce, c.key_sealed->>'ciphertext' as key_ciphertext
            from domains d join accounts a on a.id = d.account_id
                left join certificates c on c.domain_id = d.id and c.chain_pem is not null and c.not_after > now()
            where ($1::text is null or a.slug = $1) and d.status = 'active'
            order by d.name""";

    // cron triggers of every environment (V93); the manifest carries those of deployed environments
    private static final String CRONS = """
            select t.environment_id, t.cron
            from cron_triggers t join environments e on e.id = t.environment_id
                join services s on s.id = e.service_id join accounts a on a.id = s.account_id
            where ($1::text is null or a.slug = $1)
            order by t.environment_id, t.position""";

    /**
     * The sequence for the account's next manifest: the current one when {@code contentDigest} equals the
     * recorded digest (nothing changed), otherwise a new number from {@code manifest_sequence}, recorded with
     * the digest (V80__account_manifests.sql). Call under the account's publication lock.
     */
    Uni<Long> manifestSequence(SqlClient conn, String slug, String contentDigest) {
        return conn.preparedQuery("""
                        insert into account_manifests(account, sequence, content_digest) values ($1, nextval('manifest_sequence'), $2)
                        on conflict (account) do update set
                            sequence = case when account_manifests.content_digest = excluded.content_digest
                                            then account_manifests.sequence else excluded.sequence end,
                            updated_at = case when account_manifests.content_digest = excluded.content_digest
                                              then account_manifests.updated_at else now() end,
                            content_digest = excluded.content_digest
                        returning sequence""")
                .execute(Tuple.of(slug, contentDigest))
                .map(rows -> rows.iterator().next().getLong("sequence"));
    }

    /**
     * The six queries go out together: they are independent (one snapshot, the same argument), and the client pipelines
     * them on the connection, one round trip instead of six awaited in turn (a publication's "read" lap,
     * deploy/bench/RESULTS.md).
     */
    private Uni<Map<String, AccountData>> load(SqlClient conn, String slug) {
        Tuple args = Tuple.tuple().addString(slug);
        return Uni.combine().all().unis(conn.preparedQuery(ENVIRONMENTS).execute(args), conn.preparedQuery(DEPLOYMENTS).execute(args),
                        conn.preparedQuery(VERSIONS).execute(args), conn.preparedQuery(ROUTES).execute(args),
                        conn.preparedQuery(MANIFEST_DOMAINS).execute(args), conn.preparedQuery(CRONS).execute(args))
                .with((envRows, depRows, verRows, routeRows, domainRows, cronRows) -> {
                    Map<UUID, List<String>> crons = new HashMap<>();
                    cronRows.forEach(r -> crons.computeIfAbsent(r.getUUID("environment_id"), k -> new ArrayList<>()).add(r.getString("cron")));
                    Map<UUID, Deployment> deployments = new HashMap<>();
                    depRows.forEach(r -> deployments.put(r.getUUID("environment_id"),
                            deployment(r.getUUID("environment_id"), (JsonArray) r.getValue("versions"), r.getLong("seq"))));
                    Map<UUID, List<AccountData.Version>> versions = new HashMap<>();
                    verRows.forEach(r -> versions.computeIfAbsent(r.getUUID("environment_id"), k -> new ArrayList<>()).add(version(r)));
                    Map<String, List<AccountData.Environment>> environments = new LinkedHashMap<>();
                    envRows.forEach(r -> {
                        UUID id = r.getUUID("environment_id");
                        EnvironmentRef ref = new EnvironmentRef(r.getString("slug"), r.getString("service"), r.getString("environment"));
                        environments.computeIfAbsent(ref.account(), k -> new ArrayList<>()).add(new AccountData.Environment(
                                id, r.getUUID("account_id"), r.getUUID("service_id"), ref, r.getString("hostname"),
                                deployments.get(id), versions.getOrDefault(id, List.of()), r.getBoolean("version_overrides"),
                                crons.getOrDefault(id, List.of())));
                    });
                    Map<String, List<AccountData.Route>> routes = new HashMap<>();
                    routeRows.forEach(r -> routes.computeIfAbsent(r.getString("slug"), k -> new ArrayList<>()).add(
                            new AccountData.Route(r.getUUID("id"), r.getString("pattern"), r.getUUID("environment_id"))));
                    Map<String, List<String>> domains = new HashMap<>();
                    Map<String, Map<String, AccountData.Certificate>> certificates = new HashMap<>();
                    Map<String, List<String>> redirects = new HashMap<>();
                    domainRows.forEach(r -> {
                        domains.computeIfAbsent(r.getString("slug"), k -> new ArrayList<>()).add(r.getString("name"));
                        if (r.getBoolean("https_redirect")) {
                            redirects.computeIfAbsent(r.getString("slug"), k -> new ArrayList<>()).add(r.getString("name"));
                        }
                        if (r.getString("chain_pem") != null) {
                            certificates.computeIfAbsent(r.getString("slug"), k -> new TreeMap<>()).put(r.getString("name"),
                                    new AccountData.Certificate(r.getUUID("id"), r.getString("chain_pem"),
                                            new io.edgeworks.bundle.SealedSecret(r.getString("key_nonce"), r.getString("key_ciphertext"))));
                        }
                    });
                    Map<String, AccountData> accounts = new TreeMap<>();
                    environments.forEach((s, envs) -> accounts.put(s, new AccountData(s, envs, routes.getOrDefault(s, List.of()),
                            domains.getOrDefault(s, List.of()), certificates.getOrDefault(s, Map.of()),
                            redirects.getOrDefault(s, List.of()))));
                    routes.forEach((s, rs) -> accounts.putIfAbsent(s, new AccountData(s, List.of(), rs, domains.getOrDefault(s, List.of()),
                            certificates.getOrDefault(s, Map.of()), redirects.getOrDefault(s, List.of()))));
                    return accounts;
                }).chain(accounts -> withPinnedVersions(conn, accounts, Set.of()));
    }

    /**
     * Adds to each environment the versions that service bindings pin, then those that these versions pin in turn,
     * until nothing is missing; a pinned version that no longer exists is asked for once ({@code asked}) and left out.
     */
    private Uni<Map<String, AccountData>> withPinnedVersions(SqlClient conn, Map<String, AccountData> accounts, Set<BindingGraph.Pin> asked) {
        Set<BindingGraph.Pin> missing = new LinkedHashSet<>();
        accounts.values().forEach(account -> missing.addAll(BindingGraph.missingPins(account)));
        missing.removeAll(asked);
        if (missing.isEmpty()) {
            return Uni.createFrom().item(accounts);
        }
        Set<BindingGraph.Pin> askedNow = new HashSet<>(asked);
        askedNow.addAll(missing);
        UUID[] environments = missing.stream().map(BindingGraph.Pin::environmentId).toArray(UUID[]::new);
        Integer[] numbers = missing.stream().map(BindingGraph.Pin::number).toArray(Integer[]::new);
        return conn.preparedQuery(PINNED_VERSIONS).execute(Tuple.of(environments, numbers)).chain(rows -> {
            Map<UUID, List<AccountData.Version>> found = new HashMap<>();
            rows.forEach(r -> found.computeIfAbsent(r.getUUID("environment_id"), k -> new ArrayList<>()).add(version(r)));
            Map<String, AccountData> updated = new TreeMap<>();
            accounts.forEach((slug, account) -> updated.put(slug, account.withEnvironments(account.environments().stream()
                    .map(e -> found.containsKey(e.id()) ? e.withVersions(found.get(e.id())) : e).toList())));
            return withPinnedVersions(conn, updated, askedNow);
        });
    }

    private static Deployment deployment(UUID environmentId, JsonArray versions, long sequence) {
        try {
            List<Deployment.Split> splits = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                JsonObject split = versions.getJsonObject(i);
                splits.add(new Deployment.Split(split.getInteger("number"), split.getInteger("percentage")));
            }
            return new Deployment(splits, sequence);
        } catch (RuntimeException e) {
            throw new IllegalStateException("environment " + environmentId + ": current deployment " + versions + " is invalid: " + e.getMessage(), e);
        }
    }

    private static AccountData.Version version(Row row) {
        UUID id = row.getUUID("id");
        try {
            return new AccountData.Version(id, row.getInteger("number"), row.getString("main_module"),
                    strings((JsonObject) row.getValue("modules")), strings((JsonObject) row.getValue("vars")),
                    secrets((JsonObject) row.getValue("secrets")), bindings((JsonArray) row.getValue("bindings")),
                    row.getInteger("cpu_ms"), row.getString("digest"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("version " + id + " cannot be published: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonObject json) {
        Map<String, String> map = new TreeMap<>();
        json.forEach(e -> map.put(e.getKey(), (String) e.getValue()));
        return map;
    }

    private static Map<String, SealedSecret> secrets(JsonObject json) {
        Map<String, SealedSecret> map = new TreeMap<>();
        json.forEach(e -> {
            JsonObject sealed = (JsonObject) e.getValue();
            map.put(e.getKey(), new SealedSecret(sealed.getString("nonce"), sealed.getString("ciphertext")));
        });
        return map;
    }

    /** Bindings as versions store them ({@link BindingJson}). */
    static List<Binding> bindings(JsonArray json) {
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            try {
                bindings.add(BindingJson.fromJson(json.getJsonObject(i).getMap()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return bindings;
    }
}
