package io.edgeworks.api.quota;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link ApiRateLimiter} to every REST resource call that carries a valid bearer token. Health and
 * OpenAPI ({@code /q/*}) are not REST resources and never pass here. The token is identified by its subject and
 * authorized party ({@code sub}/{@code azp}), an account API token by its id: the same user through the CLI and
 * through the portal has two budgets; requests without a valid token are left to the 401 of the resource.
 */
public class ApiRateLimitFilter {
    private final ApiRateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    public ApiRateLimitFilter(ApiRateLimiter limiter, CurrentIdentityAssociation identities) {
        this.limiter = limiter;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!limiter.enabled() || request.getHeaderString("Authorization") == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .chain(identity -> {
                    String token = tokenOf(identity);
                    if (token == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return limiter.hit(token).map(decision -> {
                        if (!decision.allowed()) {
                            throw Quotas.exceeded(429, "api-requests-per-minute", decision.limit(), decision.count(),
                                    "this token made " + decision.count() + " API requests in the current minute, the limit is "
                                            + decision.limit() + " (quota api-requests-per-minute); retry after "
                                            + decision.retryAfterSeconds() + " s, or ask the platform operator to raise "
                                            + "platform.quotas.api-requests-per-minute", decision.retryAfterSeconds());
                        }
                        return null;
                    });
                });
    }

    /** {@code <azp>:<sub>} of the token, falling back to the principal's name; null when anonymous. */
    static String tokenOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        if (identity.getAttribute(io.edgeworks.api.security.TokenGrant.ID) instanceof String apiToken) {
            return "api-token:" + apiToken;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
            Object azp = jwt.getClaim("azp");
            return (azp == null ? "-" : azp.toString()) + ":" + subject;
        }
        return "-:" + identity.getPrincipal().getName();
    }
}
