package io.edgeworks.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller, as the bearer token names them: claim {@code preferred_username}, else {@code upn}, else
 * {@code sub}. For an account API token, its creator ({@link #token()} says which token).
 */
@RequestScoped
public class CurrentUser {
    private final SecurityIdentity identity;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String username() {
        if (identity.isAnonymous()) {
            throw new io.quarkus.security.UnauthorizedException("a bearer token is required");
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            for (String claim : new String[]{"preferred_username", "upn", "sub"}) {
                Object value = jwt.getClaim(claim);
                if (value != null && !value.toString().isBlank()) {
                    return value.toString();
                }
            }
        }
        return identity.getPrincipal().getName();
    }

    /** The account API token the call came through; empty for a user's own login. */
    public java.util.Optional<TokenGrant> token() {
        return identity.isAnonymous() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(identity.getAttribute(TokenGrant.ATTRIBUTE));
    }
}
