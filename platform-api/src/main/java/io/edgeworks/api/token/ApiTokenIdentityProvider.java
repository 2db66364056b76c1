package io.edgeworks.api.token;

import io.edgeworks.api.security.TokenGrant;
import io.edgeworks.api.security.TokenScopes;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Turns an API token into a SecurityIdentity: one indexed lookup by the token's lookup id, a constant-time
 * comparison of its SHA-256 with the stored one, then expiry and revocation. The identity's principal is the
 * token's creator (so {@code CurrentUser} and the audit trail name that user); the {@link TokenGrant} attribute
 * carries account and scopes for {@code AccessGuard}, and the public {@code edgeworks.token.*} attributes serve
 * other code (the Cloudflare-compatible token verification). Failures answer 401 with the reason
 * ({@link TokenGrant#REFUSAL}); an unknown token and a wrong secret get the same message.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {
    private final ApiTokenRepository repository;
    private final ApiTokenUsage usage;

    ApiTokenIdentityProvider(ApiTokenRepository repository, ApiTokenUsage usage) {
        this.repository = repository;
        this.usage = usage;
    }

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.token();
        String lookupId = ApiTokenSecret.lookupIdOf(token).orElse(null);
        if (lookupId == null) {
            return refuse("the bearer token starts with '" + ApiTokenSecret.PREFIX + "' but is not a well-formed API token "
                    + "(ewt_<16 characters>_<43 characters>); copy it again from where it was created");
        }
        return repository.findForAuthentication(lookupId).chain(stored -> {
            if (stored == null || !ApiTokenSecret.matches(token, stored.secretHash())) {
                return refuse("unknown API token: it does not exist or was deleted with its account");
            }
            String label = "API token '" + stored.name() + "' (id " + stored.id() + ")";
            Instant now = Instant.now();
            if (stored.revokedAt() != null) {
                return refuse(label + " was revoked at " + stored.revokedAt().truncatedTo(ChronoUnit.SECONDS) + "; create a new one");
            }
            if (stored.expiresAt() != null && !stored.expiresAt().isAfter(now)) {
                return refuse(label + " expired at " + stored.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "; create a new one");
            }
            usage.used(stored.id(), stored.lastUsedAt(), now);
            return Uni.createFrom().item(identity(stored));
        });
    }

    static SecurityIdentity identity(ApiTokenRepository.Stored stored) {
        TokenGrant grant = new TokenGrant(stored.id(), stored.name(), stored.accountId(), stored.accountSlug(), stored.createdBy(),
                stored.expiresAt(), TokenScopes.stored(stored.scopes()));
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(stored.createdBy()))
                .addAttribute(TokenGrant.ATTRIBUTE, grant)
                .addAttribute(TokenGrant.ID, stored.id().toString())
                .addAttribute(TokenGrant.NAME, stored.name())
                .addAttribute(TokenGrant.ACCOUNT, stored.accountSlug());
        if (stored.expiresAt() != null) {
            builder.addAttribute(TokenGrant.EXPIRES_AT, stored.expiresAt());
        }
        return builder.build();
    }

    private static Uni<SecurityIdentity> refuse(String reason) {
        return Uni.createFrom().failure(new AuthenticationFailedException(reason, Map.of(TokenGrant.REFUSAL, reason)));
    }
}
