package io.edgeworks.api.security;

import io.edgeworks.api.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tenancy: every call on an account goes through here first. A caller who is not a member gets 404 (the
 * account's existence is not disclosed); a member whose role is too low gets 403.
 */
@ApplicationScoped
public class AccessGuard {
    private final AccessRepository repository;
    private final CurrentUser currentUser;

    public AccessGuard(AccessRepository repository, CurrentUser currentUser) {
        this.repository = repository;
        this.currentUser = currentUser;
    }

    /** Must run inside a session ({@code @WithSession} or {@code @WithTransaction}). */
    public Uni<AccountAccess> require(String slug, Role required) {
        String username = currentUser.username();
        return repository.findAccountWithRoleOf(slug, username).map(found -> {
            if (found == null || found.role() == null) {
                throw ProblemException.notFound("account '" + slug + "' not found");
            }
            Role role = Role.parse(found.role()).orElseThrow();
            if (!role.atLeast(required)) {
                throw ProblemException.forbidden("this call needs role '" + required.id() + "' or higher in account '"
                        + slug + "'; you are '" + role.id() + "'");
            }
            return new AccountAccess(found.accountId(), found.slug(), username, role);
        });
    }

    public String username() {
        return currentUser.username();
    }
}
