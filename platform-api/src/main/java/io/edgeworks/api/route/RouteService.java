package io.edgeworks.api.route;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.domain.Domains;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.bundle.RoutePattern;
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
 * Custom routes: a pattern on a domain the account claims or holds, sending matching requests to an
 * environment. Routes under a pending domain are accepted but not served (status {@code inactive}) until
 * the domain is verified; none is accepted under another account's active domain.
 */
@ApplicationScoped
public class RouteService {
    private final RouteRepository routes;
    private final Domains domains;
    private final Environments environments;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;

    /** Quota checks (field-injected to keep this class's constructor as it is). */
    @jakarta.inject.Inject
    io.edgeworks.api.quota.Quotas quotas;

    public RouteService(RouteRepository routes, Domains domains, Environments environments, AccessGuard guard, AuditLog audit,
                        Outbox outbox) {
        this.routes = routes;
        this.domains = domains;
        this.environments = environments;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<RouteView> create(String slug, CreateRoute body) {
        if (body == null) {
            throw ProblemException.invalid("pattern", "a JSON body {pattern, service, environment} is required");
        }
        RoutePattern pattern = parsePattern(body.pattern());
        String environment = body.environment() == null ? "production" : body.environment();
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "service", body.service());
        Names.checkLabel(errors, "environment", environment);
        errors.throwIfAny();
        return guard.requireDeploy(slug, Role.ADMIN, environment).call(quotas::requireRouteRoom).chain(access -> domains.heldBy(access.accountId()).chain(held -> {
            if (held.stream().noneMatch(d -> RoutePattern.isUnder(pattern.host(), d.name()))) {
                throw ProblemException.invalid("pattern", "host '" + pattern.host() + "' is not under a domain account '" + slug
                        + "' holds" + (held.isEmpty() ? " (it holds none; add one with POST /api/accounts/" + slug + "/domains)"
                        : " (" + String.join(", ", held.stream().map(Domains.Held::name).toList()) + ")"));
            }
            String inactive = Domains.inactiveReason(pattern.host(), held);
            Uni<String> taken = inactive == null ? Uni.createFrom().nullItem() : domains.activeElsewhere(access.accountId(), pattern.host());
            return taken.chain(other -> {
                if (other != null) {
                    throw ProblemException.conflict("host '" + pattern.host() + "' is under domain " + other + ", which another account holds (active)");
                }
                return store(access, pattern, body.service(), environment, inactive);
            });
        }));
    }

    private Uni<RouteView> store(AccountAccess access, RoutePattern pattern, String service, String environment, String inactive) {
        return environments.find(access, service, environment).chain(target -> {
            if (target == null) {
                throw ProblemException.invalid("environment", "account '" + access.slug() + "' has no environment '" + environment
                        + "' of service '" + service + "'");
            }
            return routes.existsPattern(pattern.pattern()).chain(exists -> {
                if (exists) {
                    throw ProblemException.conflict("route pattern '" + pattern.pattern() + "' already exists");
                }
                RouteEntity route = new RouteEntity();
                route.id = UUID.randomUUID();
                route.accountId = access.accountId();
                route.pattern = pattern.pattern();
                route.environmentId = target.id();
                route.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                return routes.persist(route)
                        .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                        .call(() -> audit.record(access, "route.create", route.pattern,
                                Map.of("after", Map.of("id", route.id.toString(), "pattern", route.pattern, "environment", target.key()))))
                        .map(saved -> new RouteView(route.id, route.pattern, service, environment, null, null, route.createdAt)
                                .withStatus(inactive));
            });
        });
    }

    @WithSession
    public Uni<List<RouteView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> domains.heldBy(access.accountId()).chain(held ->
                routes.listByAccount(access.accountId()).map(list -> list.stream()
                        .map(r -> r.withStatus(Domains.inactiveReason(RoutePattern.parse(r.pattern()).host(), held))).toList())));
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String id) {
        // the route's environment decides whether a token scope deploy:<glob> covers it, so look it up first
        return guard.require(slug, Role.VIEWER).chain(seen -> require(seen, id)).chain(route ->
                guard.requireDeploy(slug, Role.ADMIN, route.environment()).chain(access -> outbox.accountChanged(access.accountId(), access.slug())
                        .call(() -> audit.record(access, "route.delete", route.pattern(), Map.of("before", Map.of(
                                "id", route.id().toString(), "pattern", route.pattern(),
                                "environment", route.service() + "/" + route.environment()))))
                        .call(() -> routes.deleteRoute(route.id()))
                        .replaceWithVoid()));
    }

    private Uni<RouteView> require(AccountAccess access, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("account '" + access.slug() + "' has no route '" + id + "'");
        }
        return routes.findByAccountAndId(access.accountId(), uuid).map(route -> {
            if (route == null) {
                throw ProblemException.notFound("account '" + access.slug() + "' has no route '" + id + "'");
            }
            return route;
        });
    }

    /** The pattern by the one rule set edge nodes match with ({@link RoutePattern}), or 400 on {@code pattern}. */
    static RoutePattern parsePattern(String raw) {
        try {
            return RoutePattern.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("pattern", e.getMessage());
        }
    }
}
