package io.edgeworks.admin.security;

import io.quarkus.oidc.OIDCException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInUnavailableTest {
    @Test
    void recognisesAnUnreachableIdentityProvider() {
        assertTrue(SignInUnavailable.identityProviderUnreachable(new OIDCException("OIDC Server is not available")));
        assertTrue(SignInUnavailable.identityProviderUnreachable(
                new RuntimeException(new ConnectException("Connection refused"))));
    }

    @Test
    void leavesOtherFailuresToTheDefaultHandler() {
        assertFalse(SignInUnavailable.identityProviderUnreachable(new IllegalStateException("bug")));
        assertFalse(SignInUnavailable.identityProviderUnreachable(null));
    }
}
