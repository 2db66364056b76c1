package io.edgeworks.api.domain;

import io.edgeworks.bundle.RoutePattern;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The domains an account claims or holds, for route validation and the routes' status. */
@ApplicationScoped
public class Domains {
    private final DomainRepository domains;

    public Domains(DomainRepository domains) {
        this.domains = domains;
    }

    /** A claim of the account: routes under it are accepted; served only when {@code active}. */
    public record Held(String name, boolean active) {
    }

    public Uni<List<String>> namesOf(UUID accountId) {
        return heldBy(accountId).map(list -> list.stream().map(Held::name).toList());
    }

    public Uni<List<Held>> heldBy(UUID accountId) {
        return domains.listByAccount(accountId).map(list -> list.stream().map(d -> new Held(d.name, d.active())).toList());
    }

    /** Another account's active domain that {@code host} lies under, or null. */
    public Uni<String> activeElsewhere(UUID accountId, String host) {
        return domains.findSameParentOrChild(host).map(holders -> holders.stream()
                .filter(h -> h.active() && !h.accountId().equals(accountId) && RoutePattern.isUnder(host, h.name()))
                .map(DomainRepository.Holder::name).findFirst().orElse(null));
    }

    /** Null when an active claim covers {@code host} (a route to it is served), otherwise why it is not. */
    public static String inactiveReason(String host, List<Held> held) {
        if (held.stream().anyMatch(d -> d.active() && RoutePattern.isUnder(host, d.name()))) {
            return null;
        }
        return held.stream().filter(d -> RoutePattern.isUnder(host, d.name())).map(Held::name).findFirst()
                .map(name -> "domain " + name + " is pending verification")
                .orElse("no domain of the account covers host " + host);
    }
}
