package io.edgeworks.api.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential with the API token prefix, for {@link ApiTokenIdentityProvider}. */
final class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {
    private final String token;

    ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
