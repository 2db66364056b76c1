package io.edgeworks.api.domain;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Domains an account claims and holds. A claim starts {@code pending} with a random token and becomes
 * {@code active} only after proof of control ({@link Proofs}: a DNS TXT record or an HTTP token), checked
 * on {@code POST …/verify} and by the {@link DomainChecker} job; unproven claims expire after
 * {@code platform.domains.pending-ttl}. Pending claims never block anyone (several accounts may claim
 * the same or overlapping names); an active domain blocks every other account from the same name, a
 * parent or a child of it, and from then on other accounts' overlapping claims cannot be verified.
 * Public suffixes ({@link PublicSuffixes}) and names at or around the platform's base domain are
 * refused (they would shadow generated hostnames). Activation and removal republish the account.
 */
@ApplicationScoped
public class DomainService {
    /** Actor of the audit entries the platform writes by itself (retry job, expiry). */
    static final String PLATFORM_ACTOR = "platform";

    private final DomainRepository domains;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Proofs proofs;
    private final DomainConfig config;
    private final String baseDomain;

    /** Quota checks (field-injected to keep this class's constructor as it is). */
    @jakarta.inject.Inject
    io.edgeworks.api.quota.Quotas quotas;

    public DomainService(DomainRepository domains, AccessGuard guard, AuditLog audit, Outbox outbox, Proofs proofs,
                         DomainConfig config, PlatformConfig platform) {
        this.domains = domains;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
        this.proofs = proofs;
        this.config = config;
        this.baseDomain = platform.baseDomain().toLowerCase(java.util.Locale.ROOT);
    }

    @WithTransaction
    public Uni<DomainView> create(String slug, CreateDomain body) {
        String name = body == null || body.name() == null ? null : body.name().trim();
        if (name == null || name.isEmpty()) {
            throw ProblemException.invalid("name", "is required, like 'example.com'");
        }
        if (!RoutePattern.isHostname(name)) {
            throw ProblemException.invalid("name", "'" + name + "' is not a domain name (lower-case labels of a-z, 0-9 and '-', at least two labels)");
        }
        if (RoutePattern.isUnder(name, baseDomain) || RoutePattern.isUnder(baseDomain, name)) {
            throw ProblemException.invalid("name", "'" + name + "' overlaps the platform's base domain '" + baseDomain + "'");
        }
        PublicSuffixes.registrableDomain(name);
        return guard.require(slug, Role.ADMIN).call(quotas::requireDomainRoom).chain(access -> domains.findSameParentOrChild(name).chain(holders -> {
            for (DomainRepository.Holder holder : holders) {
                if (holder.accountId().equals(access.accountId()) && holder.name().equals(name)) {
                    throw ProblemException.conflict("account '" + slug + "' already " + (holder.active() ? "holds" : "claims") + " domain '" + name + "'");
                }
                if (!holder.accountId().equals(access.accountId()) && holder.active()) {
                    throw ProblemException.conflict("domain '" + name + "' is not available: another account holds it, a parent or a subdomain of it");
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            DomainEntity domain = new DomainEntity();
            domain.id = UUID.randomUUID();
            domain.accountId = access.accountId();
            domain.name = name;
            domain.status = DomainEntity.PENDING;
            domain.token = Proofs.newToken();
            domain.createdAt = now;
            domain.expiresAt = now.plus(config.pendingTtl());
            return domains.persist(domain)
                    .call(() -> audit.record(access, "domain.claim", name, Map.of("after", Map.of("name", name, "status", domain.status))))
                    .map(saved -> DomainView.of(domain));
        }));
    }

    @WithSession
    public Uni<List<DomainView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> domains.listByAccount(access.accountId()))
                .map(list -> list.stream().map(DomainView::of).toList());
    }

    @WithSession
    public Uni<DomainView> get(String slug, String name) {
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name)).map(DomainView::of);
    }

    /**
     * Checks the proof now: the view (active) when it holds, 409 naming what was looked up and found when
     * it does not, or when another account's active domain overlaps the claim. Network lookups run
     * outside any transaction.
     */
    public Uni<DomainView> verify(String slug, String name) {
        return Panache.withSession(() -> guard.require(slug, Role.ADMIN).chain(access -> require(access, name)
                .chain(claim -> blockedBy(claim).map(blocker -> {
                    if (claim.active()) {
                        return new Pending(access, claim);
                    }
                    if (blocker != null) {
                        throw ProblemException.conflict(blocked(claim.name, blocker));
                    }
                    if (claim.expiresAt != null && !claim.expiresAt.isAfter(Instant.now())) {
                        throw ProblemException.conflict("the claim of '" + claim.name + "' expired at " + claim.expiresAt + "; claim it again");
                    }
                    return new Pending(access, claim);
                }))))
                .chain(pending -> pending.claim().active() ? Uni.createFrom().item(DomainView.of(pending.claim()))
                        : proofs.check(pending.claim().name, pending.claim().token)
                        .chain(outcome -> Panache.withTransaction(() -> outcome.proven()
                                ? activate(pending.claim().id, pending.claim().name, pending.access(), outcome.report())
                                : recordFailure(pending.claim().id, outcome.report()))
                        .map(result -> {
                            if (result.view() == null) {
                                throw ProblemException.conflict(result.blocked() ? result.failure()
                                        : "domain '" + name + "' is not verified yet: " + result.failure());
                            }
                            return result.view();
                        })));
    }

    private record Pending(AccountAccess access, DomainEntity claim) {
    }

    /** The outcome of a check as stored: the active view, or why not ({@code blocked}: never, another account holds it). */
    record Checked(DomainView view, String failure, boolean blocked) {
        Checked(DomainView view, String failure) {
            this(view, failure, false);
        }
    }

    /**
     * Makes the claim active, in the caller's transaction, unless another account's active domain
     * overlaps it (checked under the lock of the registrable domain). Other accounts' routes under the
     * name are removed (they were never served, and their claims can no longer be verified); both
     * accounts are republished.
     */
    Uni<Checked> activate(UUID claimId, String name, AccountAccess actor, String report) {
        return domains.lockRegistrable(PublicSuffixes.registrableDomain(name)).chain(() -> domains.findById(claimId)).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(new Checked(null, "the claim was removed meanwhile"));
            }
            return blockedBy(found)
                    .chain(blocker -> {
                        if (found.active()) {
                            return Uni.createFrom().item(new Checked(DomainView.of(found), null));
                        }
                        if (blocker != null) {
                            String failure = blocked(found.name, blocker);
                            found.lastCheck = failure;
                            return Uni.createFrom().item(new Checked(null, failure, true));
                        }
                        found.status = DomainEntity.ACTIVE;
                        found.verifiedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        found.expiresAt = null;
                        found.lastCheck = null;
                        return removeForeignRoutes(found)
                                .call(() -> outbox.accountChanged(actor.accountId(), actor.slug()))
                                .call(() -> audit.record(actor, "domain.verify", found.name, Map.of("after",
                                        Map.of("name", found.name, "status", found.status, "proof", report))))
                                .map(v -> new Checked(DomainView.of(found), null));
                    });
        });
    }

    /**
     * Stores why a check failed, on the claim only while it is still pending. One targeted update, not a
     * load and flush of the entity: the retry job's failed check and a user's successful verify of the same
     * claim can overlap, and a flushed whole row would put the claim back to pending after it was made active.
     */
    Uni<Checked> recordFailure(UUID claimId, String report) {
        return domains.recordFailure(claimId, report).map(updated -> new Checked(null, report));
    }

    private Uni<Void> removeForeignRoutes(DomainEntity active) {
        return domains.foreignRoutesMentioning(active.accountId, active.name).chain(routes -> {
            Map<UUID, List<DomainRepository.ForeignRoute>> byAccount = new LinkedHashMap<>();
            for (DomainRepository.ForeignRoute route : routes) {
                if (RoutePattern.isUnder(RoutePattern.parse(route.pattern()).host(), active.name)) {
                    byAccount.computeIfAbsent(route.accountId(), k -> new ArrayList<>()).add(route);
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<DomainRepository.ForeignRoute> list : byAccount.values()) {
                DomainRepository.ForeignRoute first = list.getFirst();
                AccountAccess other = new AccountAccess(first.accountId(), first.slug(), PLATFORM_ACTOR, Role.OWNER);
                for (DomainRepository.ForeignRoute route : list) {
                    chain = chain.call(() -> audit.record(other, "route.delete", route.pattern(), Map.of(
                                    "before", Map.of("id", route.id().toString(), "pattern", route.pattern()),
                                    "reason", "another account verified domain " + active.name)))
                            .call(() -> domains.deleteRoute(route.id()));
                }
                chain = chain.call(() -> outbox.accountChanged(other.accountId(), other.slug()));
            }
            return chain;
        });
    }

    /** Removes an expired pending claim and the routes that only it covered, in the caller's transaction. */
    Uni<Void> expire(DomainRepository.Claim claim) {
        AccountAccess actor = new AccountAccess(claim.accountId(), claim.slug(), PLATFORM_ACTOR, Role.OWNER);
        return domains.listByAccount(claim.accountId()).chain(held -> domains.routePatternsOf(claim.accountId()).chain(patterns -> {
            List<String> orphaned = orphaned(patterns, held, claim.name());
            return (orphaned.isEmpty() ? Uni.createFrom().<Integer>item(0) : domains.getSession().chain(s -> s
                    .createNativeQuery("delete from routes where account_id = :account and pattern in (:patterns)")
                    .setParameter("account", claim.accountId())
                    .setParameter("patterns", orphaned)
                    .executeUpdate()))
                    .call(() -> domains.deleteDomain(claim.id()))
                    .call(() -> outbox.accountChanged(claim.accountId(), claim.slug()))
                    .call(() -> audit.record(actor, "domain.expire", claim.name(), Map.of(
                            "before", Map.of("name", claim.name(), "status", DomainEntity.PENDING),
                            "removed_routes", orphaned)))
                    .replaceWithVoid();
        }));
    }

    /** Changes the domain's settings; an active domain's change is published with the account's manifest. */
    @WithTransaction
    public Uni<DomainView> update(String slug, String name, UpdateDomain body) {
        if (body == null || body.httpsRedirect() == null) {
            throw ProblemException.invalid("https_redirect", "is required (true or false)");
        }
        boolean redirect = body.httpsRedirect();
        return guard.require(slug, Role.ADMIN).chain(access -> require(access, name).chain(domain -> {
            if (domain.httpsRedirect == redirect) {
                return Uni.createFrom().item(DomainView.of(domain));
            }
            boolean before = domain.httpsRedirect;
            domain.httpsRedirect = redirect;
            return audit.record(access, "domain.update", name, Map.of("before", Map.of("https_redirect", before),
                            "after", Map.of("https_redirect", redirect)))
                    .call(() -> domain.active() ? outbox.accountChanged(access.accountId(), access.slug()) : Uni.createFrom().voidItem())
                    .map(ignored -> DomainView.of(domain));
        }));
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String name) {
        return guard.require(slug, Role.ADMIN).chain(access -> require(access, name).chain(domain ->
                domains.listByAccount(access.accountId()).chain(held -> domains.routePatternsOf(access.accountId()).chain(patterns -> {
                    List<String> orphaned = orphaned(patterns, held, name);
                    if (!orphaned.isEmpty()) {
                        throw ProblemException.conflict("domain '" + name + "' is used by routes " + String.join(", ", orphaned) + "; delete them first");
                    }
                    return audit.record(access, "domain.delete", name, Map.of("before", Map.of("name", name, "status", domain.status)))
                            .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                            .call(() -> domains.deleteDomain(domain.id));
                }))));
    }

    /** Route patterns under {@code name} that no other claim of the account covers. */
    private static List<String> orphaned(List<String> patterns, List<DomainEntity> held, String name) {
        return patterns.stream().filter(p -> {
            String host = RoutePattern.parse(p).host();
            return RoutePattern.isUnder(host, name) && held.stream()
                    .noneMatch(d -> !d.name.equals(name) && RoutePattern.isUnder(host, d.name));
        }).toList();
    }

    private Uni<DomainEntity> require(AccountAccess access, String name) {
        return domains.findByAccountAndName(access.accountId(), name).map(domain -> {
            if (domain == null) {
                throw ProblemException.notFound("account '" + access.slug() + "' holds no domain '" + name + "'");
            }
            return domain;
        });
    }

    /** The name of another account's active domain overlapping the claim, or null. */
    private Uni<String> blockedBy(DomainEntity claim) {
        return domains.findSameParentOrChild(claim.name).map(holders -> holders.stream()
                .filter(h -> h.active() && !h.accountId().equals(claim.accountId))
                .map(DomainRepository.Holder::name).findFirst().orElse(null));
    }

    private static String blocked(String name, String blocker) {
        return "domain '" + name + "' can no longer be verified: another account holds " + (blocker.equals(name) ? "it" : "'" + blocker + "'")
                + " (active); delete this claim";
    }
}
