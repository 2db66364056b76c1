package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.api.domain.DomainService;
import io.edgeworks.api.route.CreateRoute;
import io.edgeworks.api.route.RouteService;
import io.edgeworks.api.route.RouteView;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.edgeworks.bundle.RoutePattern;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zones and Workers routes: a zone is one of the account's <em>active</em> custom domains (its id is the domain name);
 * a script's routes are our routes to its environment, replaced wholesale by {@code PUT …/scripts/:name/routes} through
 * {@link RouteService} (same checks, audit entries and publication).
 */
@ApplicationScoped
public class Zones {
    private final DomainService domains;
    private final RouteService routes;
    private final Scripts scripts;
    private final ScriptRepository repository;
    private final AccessGuard guard;

    public Zones(DomainService domains, RouteService routes, Scripts scripts, ScriptRepository repository, AccessGuard guard) {
        this.domains = domains;
        this.routes = routes;
        this.scripts = scripts;
        this.repository = repository;
        this.guard = guard;
    }

    /** {@code GET /zones?name=&account.id=}: the account's active domain of that name (none: an empty list). */
    @WithSession
    public Uni<List<Map<String, Object>>> find(String slug, String name) {
        Uni<String> account = slug != null && !slug.isBlank() ? Uni.createFrom().item(slug)
                : name == null ? Uni.createFrom().nullItem() : repository.activeHolder(name.toLowerCase());
        return account.chain(s -> s == null ? Uni.createFrom().item(List.<Map<String, Object>>of())
                : domains.list(s).map(list -> list.stream()
                .filter(d -> "active".equals(d.status()) && (name == null || d.name().equalsIgnoreCase(name)))
                .map(d -> zone(d.name(), s)).toList()));
    }

    static Map<String, Object> zone(String domain, String slug) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("id", domain);
        zone.put("name", domain);
        zone.put("status", "active");
        zone.put("account", Map.of("id", slug, "name", slug));
        return zone;
    }

    /** {@code GET /zones/:zone/workers/routes}: routes under the domain, each with the script it sends to. */
    @WithSession
    public Uni<List<Map<String, Object>>> zoneRoutes(String zone) {
        return repository.activeHolder(zone.toLowerCase()).chain(slug -> {
            if (slug == null) {
                throw new CfException(404, CfException.NOT_FOUND, "no zone '" + zone + "': zones are the account's active custom "
                        + "domains (add and verify one with POST /api/accounts/{account}/domains)");
            }
            return routes.list(slug).map(list -> list.stream()
                    .filter(r -> RoutePattern.isUnder(RoutePattern.parse(r.pattern()).host(), zone.toLowerCase()))
                    .map(Zones::route).toList());
        });
    }

    static Map<String, Object> route(RouteView r) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("id", r.id().toString());
        route.put("pattern", r.pattern());
        route.put("script", ScriptNames.scriptOf(r.service(), r.environment()));
        return route;
    }

    /** {@code PUT …/scripts/:name/routes}: makes the script's routes exactly the given patterns (as {@code POST /api/…/routes}: admins, or a deploy token). */
    @WithTransaction
    public Uni<List<Map<String, Object>>> replace(String slug, String script, JsonNode body) {
        if (body == null || !body.isArray()) {
            throw CfException.invalid("send an array of routes: [{\"pattern\":\"api.example.com/*\",\"zone_name\":\"example.com\"}]");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode entry : body) {
            if (entry.path("custom_domain").asBoolean(false)) {
                throw CfException.unsupported("custom_domain routes are not supported through this API: add the domain with "
                        + "POST /api/accounts/" + slug + "/domains, verify it, and use a route pattern such as '"
                        + entry.path("pattern").asText() + "/*'");
            }
            try {
                wanted.add(RoutePattern.parse(entry.path("pattern").asText(null)).pattern());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw CfException.invalid("route '" + entry.path("pattern").asText() + "': " + e.getMessage());
            }
        }
        // RouteService checks each change (admins, or an API token whose deploy scope covers the environment)
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.require(access, script)).chain(located -> routes.list(slug)
                .chain(all -> {
                    List<RouteView> mine = all.stream().filter(r -> r.service().equals(located.target().service())
                            && r.environment().equals(located.target().name())).toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    Set<String> kept = new LinkedHashSet<>();
                    for (RouteView r : mine) {
                        if (wanted.contains(r.pattern())) {
                            kept.add(r.pattern());
                        } else {
                            chain = chain.chain(() -> routes.delete(slug, r.id().toString()));
                        }
                    }
                    for (String pattern : wanted) {
                        if (!kept.contains(pattern)) {
                            chain = chain.chain(() -> routes.create(slug, new CreateRoute(pattern, located.target().service(),
                                    located.target().name())).replaceWithVoid());
                        }
                    }
                    return chain.chain(() -> routes.list(slug));
                })
                .map(all -> {
                    List<Map<String, Object>> result = new ArrayList<>();
                    all.stream().filter(r -> r.service().equals(located.target().service()) && r.environment().equals(located.target().name()))
                            .forEach(r -> result.add(route(r)));
                    return result;
                }));
    }
}
