package io.edgeworks.admin.client;

import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.ApiModel.Version;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real HTTP client against a stub platform-api: token propagation, snake_case, problems. */
@QuarkusTest
@QuarkusTestResource(value = StubPlatformApiServer.class, restrictToAnnotatedClass = true)
@ActivateRequestContext
class RestPlatformApiTest {
    @Inject
    RestPlatformApi api;
    @Inject
    io.quarkus.security.identity.CurrentIdentityAssociation ids;

    @BeforeEach
    void clear() {
        StubPlatformApiServer.SEEN.clear();
    }

    /** The identity a code-flow sign-in leaves: the person and their access token. */
    private void signedIn() {
        ids.setIdentity(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("alice"))
                .addCredential(new AccessTokenCredential("token-of-alice")).build());
    }

    @Test
    void callsTheApiWithTheSignedInPersonsAccessToken() {
        signedIn();
        Me me = api.me();
        assertEquals("alice", me.username());
        assertEquals("viewer", me.roleIn("globex").orElseThrow());
        assertEquals("Bearer token-of-alice", StubPlatformApiServer.SEEN.getFirst().authorization());
    }

    @Test
    void readsSnakeCaseFields() {
        signedIn();
        Environment env = api.environment("acme", "hello", "production");
        assertEquals(3, env.latestVersion());
        assertEquals("v3 (90%), v2 (10%)", env.live());
        assertTrue(env.serves(2));
    }

    @Test
    void turnsAProblemIntoFieldErrors() {
        signedIn();
        ApiException e = assertThrows(ApiException.class, () -> api.createAccount("Bad!", "x"));
        assertEquals(400, e.status());
        assertEquals("slug must be 1-63 lower-case letters, digits or -", e.detail());
        assertEquals("must match [a-z0-9-]", e.errorFor("slug").orElseThrow());
        assertTrue(StubPlatformApiServer.SEEN.getFirst().body().contains("\"slug\":\"Bad!\""));
    }

    @Test
    void aVarsPatchSendsNullForADeletedVar() {
        signedIn();
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("NEW", "1");
        changes.put("OLD", null);
        Version v = api.patchVars("acme", "hello", "production", changes);
        assertEquals(4, v.number());
        String body = StubPlatformApiServer.SEEN.getFirst().body();
        assertTrue(body.contains("\"OLD\":null") && body.contains("\"NEW\":\"1\""), body);
    }

    @Test
    void readsDomainsWithWhatToPublishAndReportsAFailedVerification() {
        signedIn();
        ApiModel.Domain domain = api.domains("acme").getFirst();
        assertTrue(domain.pending());
        assertEquals("_edgeworks.example.com", domain.verification().txtName());
        assertEquals("0123abcd", domain.verification().txtValue());
        assertEquals("none", domain.certificateStatus());
        ApiException e = assertThrows(ApiException.class, () -> api.verifyDomain("acme", "example.com"));
        assertEquals(409, e.status());
        assertTrue(e.detail().contains("no TXT record"), e.detail());
        StubPlatformApiServer.Seen verify = StubPlatformApiServer.SEEN.getLast();
        assertEquals("POST /api/accounts/acme/domains/example.com/verify", verify.method() + " " + verify.path());
    }

    @Test
    void listsKvKeysAndTreatsAMissingKeyAsEmpty() {
        signedIn();
        assertEquals(List.of("user:1", "user:2"), api.kvKeys("acme", "cache", "user"));
        assertTrue(api.kvGet("acme", "cache", "missing").isEmpty());
    }

    @Test
    void createsAnApiTokenAndReadsTheTokenOfAuditEntries() {
        signedIn();
        ApiModel.CreatedApiToken created = api.createToken("acme", "ci", List.of("deploy:preview-*"), "90d");
        assertEquals("ewt_0123456789abcdef_0123456789abcdefghijABCDEFGHIJ0123456789abc", created.token());
        assertEquals(List.of("deploy:preview-*"), created.scopes());
        String body = StubPlatformApiServer.SEEN.getFirst().body();
        assertTrue(body.contains("\"scopes\":[\"deploy:preview-*\"]") && body.contains("\"ttl\":\"90d\""), body);
        assertEquals("alice via token 'ci'", api.audit("acme", 50, null).getFirst().who());
    }

    @Test
    void aProblemWithoutDetailGetsAnActionableMessage() {
        signedIn();
        ApiException e = assertThrows(ApiException.class, () -> api.createService("acme", "taken"));
        assertEquals(409, e.status());
        assertEquals("That name is already taken. Choose another one.", e.detail());
    }
}
