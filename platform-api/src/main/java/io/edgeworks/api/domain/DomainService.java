package io.edgeworks.api.domain;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.route.RoutePattern;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Domains an account holds. A domain is exclusive: it cannot be added while another account holds it, a
 * parent or a child of it. Domains at or around the platform's base domain are refused (they would shadow
 * generated hostnames).
 */
@ApplicationScoped
public class DomainService {
    private final DomainRepository domains;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final String baseDomain;

    /** Quota checks (field-injected to keep this class's constructor as it is). */
    @jakarta.inject.Inject
    io.edgeworks.api.quota.Quotas quotas;

    public DomainService(DomainRepository domains, AccessGuard guard, AuditLog audit, PlatformConfig config) {
        this.domains = domains;
        this.guard = guard;
        this.audit = audit;
        this.baseDomain = config.baseDomain().toLowerCase(java.util.Locale.ROOT);
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
        return guard.require(slug, Role.ADMIN).call(quotas::requireDomainRoom).chain(access -> domains.findSameParentOrChild(name).chain(holders -> {
            for (DomainRepository.Holder holder : holders) {
                if (holder.accountId().equals(access.accountId()) && holder.name().equals(name)) {
                    throw ProblemException.conflict("account '" + slug + "' already holds domain '" + name + "'");
                }
                if (!holder.accountId().equals(access.accountId())) {
                    throw ProblemException.conflict("domain '" + name + "' is not available: another account holds it, a parent or a subdomain of it");
                }
            }
            DomainEntity domain = new DomainEntity();
            domain.id = UUID.randomUUID();
            domain.accountId = access.accountId();
            domain.name = name;
            domain.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return domains.persist(domain)
                    .call(() -> audit.record(access, "domain.create", name, Map.of("after", Map.of("name", name))))
                    .map(saved -> new DomainView(domain.name, domain.createdAt));
        }));
    }

    @WithSession
    public Uni<List<DomainView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> domains.listByAccount(access.accountId()))
                .map(list -> list.stream().map(d -> new DomainView(d.name, d.createdAt)).toList());
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String name) {
        return guard.require(slug, Role.ADMIN).chain(access -> domains.findByAccountAndName(access.accountId(), name).chain(domain -> {
            if (domain == null) {
                throw ProblemException.notFound("account '" + slug + "' holds no domain '" + name + "'");
            }
            return domains.listByAccount(access.accountId()).chain(held -> domains.routePatternsOf(access.accountId()).chain(patterns -> {
                List<String> orphaned = patterns.stream().filter(p -> {
                    String host = RoutePattern.parse(p).host();
                    return RoutePattern.isUnder(host, name) && held.stream()
                            .noneMatch(d -> !d.name.equals(name) && RoutePattern.isUnder(host, d.name));
                }).toList();
                if (!orphaned.isEmpty()) {
                    throw ProblemException.conflict("domain '" + name + "' is used by routes " + String.join(", ", orphaned) + "; delete them first");
                }
                return audit.record(access, "domain.delete", name, Map.of("before", Map.of("name", name)))
                        .call(() -> domains.deleteDomain(domain.id));
            }));
        }));
    }
}
