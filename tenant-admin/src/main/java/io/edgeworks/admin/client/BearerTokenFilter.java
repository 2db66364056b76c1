package io.edgeworks.admin.client;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Token propagation: every call to platform-api carries the access token that the signed-in person got at
 * login, so the API's tenancy and roles are the only authority. The portal has no token of its own.
 * (Written here instead of quarkus-rest-client-oidc-token-propagation, whose parent POM is not served by
 * the registry this project builds from.)
 */
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ClientRequestFilter {
    private final CurrentIdentityAssociation identities;

    @Inject
    public BearerTokenFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @Override
    public void filter(ClientRequestContext request) {
        SecurityIdentity identity = identities.getIdentity();
        if (identity == null || identity.isAnonymous()) {
            return;
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token != null && token.getToken() != null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
        }
    }
}
