package io.edgeworks.api.domain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The domains an account holds, for route validation. */
@ApplicationScoped
public class Domains {
    private final DomainRepository domains;

    public Domains(DomainRepository domains) {
        this.domains = domains;
    }

    public Uni<List<String>> namesOf(UUID accountId) {
        return domains.listByAccount(accountId).map(list -> list.stream().map(d -> d.name).toList());
    }
}
