package io.edgeworks.api.security;

import java.util.UUID;

/** Proof that {@code username} is a member of the account with {@code role}, as checked by {@link AccessGuard}. */
public record AccountAccess(UUID accountId, String slug, String username, Role role) {
}
