package io.edgeworks.api.security;

import io.edgeworks.api.config.PlatformConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Accepts only tokens issued to the configured clients ({@code platform.auth.allowed-clients}). Keycloak signs
 * the tokens of every client of the realm with the same key and issuer, so signature and issuer alone would let
 * any client of the realm (a third-party integration, a test client) call the API with a user's identity.
 *
 * <p>Rule: a token that names its client in {@code azp} (every Keycloak access token does) is accepted when that
 * client is allowed; a token without {@code azp} is accepted when one of its audiences ({@code aud}) is allowed;
 * anything else fails authentication with an {@link AuthenticationFailedException} that carries the reason in
 * attribute {@value #REFUSAL}, which answers 401 naming it.
 */
@ApplicationScoped
public class AllowedClients implements SecurityIdentityAugmentor {
    /** Attribute of the {@link AuthenticationFailedException}: why the token's client was refused. */
    public static final String REFUSAL = "edgeworks.client-refusal";

    private final Set<String> allowed;

    public AllowedClients(PlatformConfig config) {
        this.allowed = new LinkedHashSet<>(config.auth().allowedClients());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String refusal = refusal(token);
        return refusal == null ? Uni.createFrom().item(identity) : Uni.createFrom().failure(new AuthenticationFailedException(refusal, Map.of(REFUSAL, refusal)));
    }

    /** Why the token is refused, or null when its client is allowed. */
    String refusal(JsonWebToken token) {
        Object azp = token.getClaim("azp");
        if (azp != null && !azp.toString().isBlank()) {
            return allowed.contains(azp.toString()) ? null
                    : "the token was issued to client '" + azp + "', whose tokens platform-api does not accept";
        }
        Set<String> audience = token.getAudience();
        if (audience != null && audience.stream().anyMatch(allowed::contains)) {
            return null;
        }
        return "the token names no client that platform-api accepts (no allowed 'azp' or 'aud' claim)";
    }
}
