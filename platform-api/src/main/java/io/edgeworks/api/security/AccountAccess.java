package io.edgeworks.api.security;

import java.util.UUID;

/**
 * Proof that {@code username} is a member of the account with {@code role}, as checked by {@link AccessGuard}.
 * {@code token} names the account API token the call came through (null: the user's own login, or the platform).
 */
public record AccountAccess(UUID accountId, String slug, String username, Role role, Token token) {

    /** The API token a call came through, as audit entries name it. */
    public record Token(UUID id, String name) {
    }

    public AccountAccess(UUID accountId, String slug, String username, Role role) {
        this(accountId, slug, username, role, null);
    }
}
