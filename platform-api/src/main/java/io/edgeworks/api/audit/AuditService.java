package io.edgeworks.api.audit;

import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Reads an account's audit trail, newest first. */
@ApplicationScoped
public class AuditService {
    private final AccessGuard guard;
    private final AuditRepository repository;

    public AuditService(AccessGuard guard, AuditRepository repository) {
        this.guard = guard;
        this.repository = repository;
    }

    @WithSession
    public Uni<List<AuditEntryView>> list(String slug, PageRequest page) {
        return guard.require(slug, Role.VIEWER).chain(access -> repository.listNewestFirst(access.accountId(), page));
    }
}
