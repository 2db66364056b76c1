package io.edgeworks.api.kv;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** KV namespace lookups for other features (bindings, account deletion). */
@ApplicationScoped
public class KvNamespaces {
    private final KvNamespaceRepository namespaces;

    public KvNamespaces(KvNamespaceRepository namespaces) {
        this.namespaces = namespaces;
    }

    /** The namespace's id, or null when the account has none of that name. */
    public Uni<UUID> findId(UUID accountId, String name) {
        return namespaces.findByAccountAndName(accountId, name).map(ns -> ns == null ? null : ns.id);
    }

    public Uni<List<UUID>> idsOf(UUID accountId) {
        return namespaces.listByAccount(accountId).map(list -> list.stream().map(ns -> ns.id).toList());
    }
}
