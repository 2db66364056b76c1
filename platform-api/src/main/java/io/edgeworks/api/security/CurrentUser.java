package io.edgeworks.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller, as the bearer token names them: claim {@code preferred_username}, else {@code upn}, else
 * {@code sub}.
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
}
