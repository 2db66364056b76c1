package io.edgeworks.api.tail;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.TokenScopes;
import io.edgeworks.bundle.TailEntry;
import io.edgeworks.bundle.TailFilters;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live tails of an environment: developers and up start one (audited {@code tail.start}) and get a WebSocket URL whose
 * unguessable id (256 random bits) is the only credential its socket needs; it ends at {@code expires_at}
 * ({@code platform.tail.ttl}), when its socket disconnects, when nobody connects within
 * {@code platform.tail.connect-grace}, or on DELETE (audited {@code tail.stop}). The same tail backs the SSE stream.
 * At most {@code platform.tail.max-per-environment} live tails per environment. The filters (wrangler's format,
 * {@link TailFilters}) travel in the registry and are applied by the edge nodes.
 */
@ApplicationScoped
public class TailService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessGuard guard;
    private final Environments environments;
    private final TailRegistry registry;
    private final TailStreams streams;
    private final AuditLog audit;
    private final PlatformConfig.Tail config;

    public TailService(AccessGuard guard, Environments environments, TailRegistry registry, TailStreams streams, AuditLog audit,
                       PlatformConfig config) {
        this.guard = guard;
        this.environments = environments;
        this.registry = registry;
        this.streams = streams;
        this.audit = audit;
        this.config = config.tail();
    }

    /**
     * Starts a tail for the caller (OIDC or API token, resolved by {@link AccessGuard}): users need role developer,
     * API tokens the scope {@code tail} (or {@code admin}). Our own API and {@code wrangler tail} (the
     * Cloudflare-compatible API, {@code via} names which in the audit entry) both come here.
     */
    @WithTransaction
    public Uni<TailView> start(String slug, String service, String environment, TailFilters filters, String callerIp, String via) {
        return guard.requireScope(slug, TokenScopes.TAIL)
                .chain(access -> register(access, service, environment, filters.resolvingSelf(callerIp), via))
                .map(this::view);
    }

    /** Stops a tail of the environment (DELETE); 404 when it is not (or no longer) one of its tails. Same rights as starting. */
    @WithTransaction
    public Uni<Void> stop(String slug, String service, String environment, String id) {
        return guard.requireScope(slug, TokenScopes.TAIL).chain(access -> environments.require(access, service, environment)
                .chain(target -> registry.get(id).chain(found -> {
                    if (found == null || !found.entry().environment().equals(target.key())) {
                        throw ProblemException.notFound("tail '" + id + "' of " + target.key() + " not found (it ended, or never existed)");
                    }
                    return streams.stop(id, "stopped by " + access.username());
                })));
    }

    /** Starts the tail behind an SSE stream (the caller holds it from here on). */
    @WithTransaction
    Uni<TailRegistry.Registered> startStream(String slug, String service, String environment, TailFilters filters, String callerIp) {
        return guard.requireScope(slug, TokenScopes.TAIL)
                .chain(access -> register(access, service, environment, filters.resolvingSelf(callerIp), "sse"));
    }

    private Uni<TailRegistry.Registered> register(AccountAccess access, String service, String environment, TailFilters filters,
                                                  String via) {
        return environments.require(access, service, environment).chain((EnvironmentTarget target) -> registry.all().chain(all -> {
            long now = System.currentTimeMillis();
            long live = all.stream().filter(t -> t.entry().environment().equals(target.key()) && t.entry().liveAt(now)).count();
            if (live >= config.maxPerEnvironment()) {
                throw new ProblemException(429, "environment " + target.key() + " already has " + live + " live tails (at most "
                        + config.maxPerEnvironment() + ", platform.tail.max-per-environment); stop one or wait for one to end",
                        List.of(), null, 30);
            }
            String id = newId();
            TailEntry entry = new TailEntry(target.key(), filters, now + config.ttl().toMillis(),
                    now + Math.min(config.connectGrace().toMillis(), config.ttl().toMillis()));
            TailOwner owner = TailOwner.of(access, target.key());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("via", via);
            summary.put("expires_at", Instant.ofEpochMilli(entry.expiresAt()).toString());
            summary.put("filters", filters.toJson().toString());
            return registry.put(id, entry, owner)
                    .call(() -> audit.record(access, "tail.start", target.key(), summary))
                    .map(v -> new TailRegistry.Registered(id, entry, owner));
        }));
    }

    private TailView view(TailRegistry.Registered tail) {
        String base = config.publicUrl().endsWith("/") ? config.publicUrl().substring(0, config.publicUrl().length() - 1) : config.publicUrl();
        return new TailView(tail.id(), base + "/tails/" + tail.id(), Instant.ofEpochMilli(tail.entry().expiresAt()));
    }

    /** 256 random bits, base64url: the tail id and the secret part of its URL. */
    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code id} has the shape of a tail id (cheap check before any lookup). */
    static boolean isId(String id) {
        return id != null && id.length() == 43 && id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}
