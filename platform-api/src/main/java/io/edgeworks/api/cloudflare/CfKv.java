package io.edgeworks.api.cloudflare;

import io.edgeworks.api.kv.CreateNamespace;
import io.edgeworks.api.kv.KvNamespaceView;
import io.edgeworks.api.kv.KvService;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KV of the Cloudflare-compatible API over {@link KvService}: a namespace's Cloudflare id is its UUID in 32 hex digits,
 * its title its name (a DNS label).
 */
@ApplicationScoped
public class CfKv {
    private final KvService kv;
    private final ScriptRepository repository;
    private final AccessGuard guard;

    public CfKv(KvService kv, ScriptRepository repository, AccessGuard guard) {
        this.kv = kv;
        this.repository = repository;
        this.guard = guard;
    }

    public Uni<Map<String, Object>> create(String slug, String title) {
        if (title == null || title.isBlank()) {
            throw CfException.invalid("send {\"title\":\"<name>\"}");
        }
        return kv.create(slug, new CreateNamespace(title)).map(CfKv::namespace);
    }

    static Map<String, Object> namespace(KvNamespaceView ns) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", Workers.hex(ns.id()));
        result.put("title", ns.name());
        result.put("supports_url_encoding", true);
        return result;
    }

    /** The name of the namespace with Cloudflare id {@code id}, or 404 (10009). */
    @WithSession
    public Uni<String> name(String slug, String id) {
        return guard.require(slug, Role.VIEWER).chain(access -> {
            java.util.UUID uuid = Workers.parseId(id);
            return uuid == null ? Uni.createFrom().<String>nullItem() : repository.kvNamespaceName(access.accountId(), uuid);
        }).map(name -> {
            if (name == null) {
                throw new CfException(404, CfException.KV_NOT_FOUND, "account '" + slug + "' has no KV namespace with id '" + id
                        + "' ('wrangler kv namespace list' shows the ids)");
            }
            return name;
        });
    }
}
