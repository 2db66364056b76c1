package io.edgeworks.api.kv;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.deployment.DeployedBindings;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.bundle.KvWriteScript;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * KV namespaces (admins create and delete them) and their values (developers write, viewers read). A write runs
 * {@link io.edgeworks.bundle.KvWriteScript} in Redis (where edge nodes read values; the script gives the write its
 * version and queues it for PostgreSQL), then commits it in PostgreSQL, the source of truth, before it is acknowledged.
 * Reads come from Redis; while Redis is being restored from PostgreSQL ({@link KvRestorer}) a key or a listing Redis does
 * not have yet is read from PostgreSQL, so a key that exists is never reported absent.
 */
@ApplicationScoped
public class KvService {
    private static final int MAX_LIST = 1000;

    private final KvNamespaceRepository namespaces;
    private final KvStore store;
    private final DeployedBindings deployedBindings;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final PlatformConfig config;
    private final Quotas quotas;
    private final KvValueRepository values;
    private final KvConfig kvConfig;

    public KvService(KvNamespaceRepository namespaces, KvStore store, DeployedBindings deployedBindings, AccessGuard guard,
                     AuditLog audit, Outbox outbox, PlatformConfig config, Quotas quotas, KvValueRepository values, KvConfig kvConfig) {
        this.quotas = quotas;
        this.values = values;
        this.kvConfig = kvConfig;
        this.namespaces = namespaces;
        this.store = store;
        this.deployedBindings = deployedBindings;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
    }

    @WithTransaction
    public Uni<KvNamespaceView> create(String slug, CreateNamespace body) {
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "name", body == null ? null : body.name());
        errors.throwIfAny();
        return guard.require(slug, Role.ADMIN).chain(access -> namespaces.findByAccountAndName(access.accountId(), body.name())
                .call(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("KV namespace '" + body.name() + "' already exists in account '" + slug + "'");
                    }
                    return quotas.requireKvNamespaceRoom(access);
                })
                .chain(none -> {
                    KvNamespaceEntity ns = new KvNamespaceEntity();
                    ns.id = UUID.randomUUID();
                    ns.accountId = access.accountId();
                    ns.name = body.name();
                    ns.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return namespaces.persist(ns)
                            .call(() -> audit.record(access, "kv.namespace.create", slug + "/kv/" + ns.name,
                                    Map.of("after", Map.of("name", ns.name, "id", ns.id.toString()))))
                            .map(saved -> view(ns));
                }));
    }

    @WithSession
    public Uni<List<KvNamespaceView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> namespaces.listByAccount(access.accountId()))
                .map(list -> list.stream().map(KvService::view).toList());
    }

    @WithSession
    public Uni<KvNamespaceView> get(String slug, String name) {
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name)).map(KvService::view);
    }

    /** Deletes the namespace (refused while deployed versions bind it), then its values. */
    public Uni<Void> delete(String slug, String name) {
        return Panache.withTransaction(() -> guard.require(slug, Role.ADMIN).chain(access -> require(access, name).chain(ns ->
                        deployedBindings.bindersOfNamespace(access.accountId(), name).chain(binders -> {
                            if (!binders.isEmpty()) {
                                throw ProblemException.conflict("KV namespace '" + name + "' cannot be deleted while deployed versions bind it ("
                                        + String.join(", ", binders) + ")");
                            }
                            return outbox.accountChanged(access.accountId(), access.slug())
                                    .call(() -> audit.record(access, "kv.namespace.delete", slug + "/kv/" + name,
                                            Map.of("before", Map.of("name", name, "id", ns.id.toString()))))
                                    .call(() -> namespaces.deleteNamespace(ns.id))
                                    .map(v -> ns.id);
                        }))))
                .chain(id -> store.dropNamespaces(List.of(id)));
    }

    @WithTransaction
    public Uni<Void> putValue(String slug, String name, String key, byte[] value) {
        checkKey(key);
        byte[] bytes = value == null ? new byte[0] : value;
        quotas.requireKvValueSize(bytes.length);
        return guard.require(slug, Role.DEVELOPER).chain(access -> require(access, name)
                .call(ns -> audit.record(access, "kv.put", slug + "/kv/" + name + "/" + key, Map.of("after", Map.of("bytes", bytes.length))))
                .chain(ns -> write(ns, name, key, bytes)))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<byte[]> getValue(String slug, String name, String key) {
        checkKey(key);
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name))
                .chain(ns -> store.get(ns.id, key).chain(value -> value != null ? Uni.createFrom().item(value)
                        : store.restored().chain(restored -> restored ? Uni.createFrom().<byte[]>nullItem() : values.find(ns.id, key))))
                .map(value -> {
                    if (value == null) {
                        throw ProblemException.notFound("KV namespace '" + name + "' has no key '" + key + "'");
                    }
                    return value;
                });
    }

    @WithTransaction
    public Uni<Void> deleteValue(String slug, String name, String key) {
        checkKey(key);
        return guard.require(slug, Role.DEVELOPER).chain(access -> require(access, name)
                .call(ns -> audit.record(access, "kv.delete", slug + "/kv/" + name + "/" + key, Map.of()))
                .chain(ns -> write(ns, name, key, null)))
                .replaceWithVoid();
    }

    /**
     * Redis first (the script applies the key bound, gives the version and queues the write in the stream), then
     * PostgreSQL: the request answers once the write is committed there. Should the commit fail, the queued stream entry
     * still reaches PostgreSQL through {@link KvWriteConsumer}, so Redis and PostgreSQL never disagree for long.
     */
    private Uni<Void> write(KvNamespaceEntity ns, String name, String key, byte[] value) {
        return store.write(ns.id, key, value, quotas.kvKeysPerNamespace(), kvConfig.maxBacklog()).chain(outcome -> {
            if (outcome.status() == KvWriteScript.BACKLOG) {
                throw new ProblemException(503, outcome.count() + " KV writes wait to be persisted in PostgreSQL (the bound is "
                        + kvConfig.maxBacklog() + ", platform.kv.max-backlog): retry later", List.of(), null, 5);
            }
            quotas.requireKvWritten(outcome.written(), outcome.count(), name);
            return values.apply(values.pool(), ns.id, key, value, outcome.version()).replaceWithVoid();
        });
    }

    @WithSession
    public Uni<List<KvKey>> listKeys(String slug, String name, String prefix, Integer limit) {
        int size = limit == null ? MAX_LIST : limit;
        if (size < 1 || size > MAX_LIST) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIST + ", got " + size);
        }
        String from = prefix == null ? "" : prefix;
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name))
                .chain(ns -> store.restored().chain(restored -> restored ? store.keys(ns.id, from, size) : storedKeys(ns.id, from, size)))
                .map(keys -> keys.stream().map(KvKey::new).toList());
    }

    /** The listing from PostgreSQL, while Redis is being restored. */
    private Uni<List<String>> storedKeys(UUID namespace, String prefix, int limit) {
        return values.keysAfter(namespace, null, Integer.MAX_VALUE).map(keys -> keys.stream().map(KvValueRepository.StoredKey::text)
                .filter(k -> k.startsWith(prefix)).sorted().limit(limit).toList());
    }

    private void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.invalid("key", "is required");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.limits().kvKeyBytes()) {
            throw ProblemException.invalid("key", "has " + bytes + " bytes, more than the limit of " + config.limits().kvKeyBytes());
        }
    }

    private Uni<KvNamespaceEntity> require(AccountAccess access, String name) {
        return namespaces.findByAccountAndName(access.accountId(), name).map(ns -> {
            if (ns == null) {
                throw ProblemException.notFound("KV namespace '" + name + "' not found in account '" + access.slug() + "'");
            }
            return ns;
        });
    }

    private static KvNamespaceView view(KvNamespaceEntity ns) {
        return new KvNamespaceView(ns.id, ns.name, ns.createdAt);
    }
}
