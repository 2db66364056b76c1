package io.edgeworks.api.token;

import io.edgeworks.api.security.TokenGrant;
import io.quarkus.security.identity.SecurityIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The SecurityIdentity of a token: what other code (AccessGuard, the Cloudflare-compatible API) reads from it. */
class ApiTokenIdentityTest {

    @Test
    void identityActsForTheCreatorAndCarriesTheTokenAttributes() {
        UUID id = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        SecurityIdentity identity = ApiTokenIdentityProvider.identity(new ApiTokenRepository.Stored(id, account, "acme", new byte[32],
                "ci-deploy", "deploy:preview-* read", "alice", expires, null, null));
        assertEquals("alice", identity.getPrincipal().getName());
        assertEquals(id.toString(), identity.getAttribute(TokenGrant.ID));
        assertEquals("ci-deploy", identity.getAttribute(TokenGrant.NAME));
        assertEquals("acme", identity.getAttribute(TokenGrant.ACCOUNT));
        assertEquals(expires, identity.getAttribute(TokenGrant.EXPIRES_AT));
        TokenGrant grant = identity.getAttribute(TokenGrant.ATTRIBUTE);
        assertEquals(account, grant.accountId());
        assertEquals(List.of("deploy:preview-*", "read"), grant.scopes().values());

        SecurityIdentity forever = ApiTokenIdentityProvider.identity(new ApiTokenRepository.Stored(id, account, "acme", new byte[32],
                "n", "read", "alice", null, null, null));
        assertNull(forever.getAttribute(TokenGrant.EXPIRES_AT));
    }
}
