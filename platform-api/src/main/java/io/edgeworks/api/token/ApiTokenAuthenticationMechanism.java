package io.edgeworks.api.token;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Authenticates {@code Authorization: Bearer ewt_...} on every HTTP path (our {@code /api} and the
 * Cloudflare-compatible {@code /client/v4}). It runs before OIDC (higher priority): a credential with the
 * {@link ApiTokenSecret#PREFIX} always ends here (an identity, or a failure that answers 401 with the reason), so
 * OIDC never tries to parse it; any other request gets no answer from here and goes on to OIDC unchanged.
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    /** Above OIDC's default priority (1001), so this runs first. */
    static final int PRIORITY = 2000;
    private static final String BEARER = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearer(context);
        if (!ApiTokenSecret.looksLikeToken(token)) {
            return Uni.createFrom().nullItem();
        }
        ApiTokenAuthenticationRequest request = new ApiTokenAuthenticationRequest(token);
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    /** The bearer credential of the request, or null. */
    static String bearer(RoutingContext context) {
        String header = context.request().headers().get(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
