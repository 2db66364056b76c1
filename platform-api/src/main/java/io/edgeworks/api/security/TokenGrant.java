package io.edgeworks.api.security;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What an authenticated account API token grants: it belongs to one account, acts for the user who created it and
 * is limited to its {@link TokenScopes}. {@code io.edgeworks.api.token} authenticates the token and puts this
 * record into the SecurityIdentity (attribute {@link #ATTRIBUTE}) next to the public attributes below;
 * {@link AccessGuard} enforces it.
 */
public record TokenGrant(UUID id, String name, UUID accountId, String accountSlug, String createdBy, Instant expiresAt,
                         TokenScopes scopes) {
    /** Attribute of the AuthenticationFailedException for a refused API token: why (expired, revoked, unknown). */
    public static final String REFUSAL = "edgeworks.token-refusal";
    /** SecurityIdentity attribute holding this record. */
    public static final String ATTRIBUTE = "edgeworks.token";
    /** SecurityIdentity attribute: the token's id (String). */
    public static final String ID = "edgeworks.token.id";
    /** SecurityIdentity attribute: the token's name (String). */
    public static final String NAME = "edgeworks.token.name";
    /** SecurityIdentity attribute: the slug of the token's account (String). */
    public static final String ACCOUNT = "edgeworks.token.account";
    /** SecurityIdentity attribute: when the token expires ({@link Instant}), absent when it never does. */
    public static final String EXPIRES_AT = "edgeworks.token.expires_at";

    public TokenGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(scopes, "scopes");
    }

    /** How messages and audit entries name the token. */
    public String label() {
        return "API token '" + name + "' (id " + id + ")";
    }
}
