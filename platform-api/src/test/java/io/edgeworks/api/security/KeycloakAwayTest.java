package io.edgeworks.api.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Valid tokens keep working while Keycloak is away (README "Keycloak"): quarkus-oidc reads the realm's keys (JWKS) once
 * at start ({@code quarkus.oidc.jwks.resolve-early}) and verifies every token locally, so a stopped Keycloak changes
 * nothing for tokens already issued, until they expire. What needs Keycloak fails meanwhile: here, a token signed by a
 * key the API has not seen (a rotated key), whose JWKS refresh cannot reach Keycloak; for users, signing in and
 * refreshing tokens. Keycloak is played by {@link StandInOidcProvider} (discovery document and JWKS only).
 */
@QuarkusTest
@TestProfile(KeycloakAwayTest.Profile.class)
class KeycloakAwayTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandInOidcProvider.class));
        }
    }

    private static String token(String username) {
        return Jwt.claims().preferredUserName(username).subject("sub-" + username).issuer(StandInOidcProvider.issuer)
                .claim("azp", "platform-cli").expiresIn(900).jws().keyId(StandInOidcProvider.KEY_ID).sign();
    }

    @Test
    void issuedTokensKeepWorkingWhileKeycloakIsAwayAndUnknownKeysDoNot() throws Exception {
        String issued = token("alice");
        given().auth().oauth2(issued).get("/api/me").then().statusCode(200);
        int fetched = StandInOidcProvider.JWKS_REQUESTS.get();
        assertEquals(1, fetched, "the JWKS was read once, at start");

        StandInOidcProvider.stopNow();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(issued).get("/api/me").then().statusCode(200);
        }
        // another token of the same key, issued before the outage (e.g. another user's): verified locally as well
        given().auth().oauth2(token("bob")).get("/api/me").then().statusCode(200);

        // a token signed by a key the API does not know: the JWKS refresh cannot reach Keycloak, the token is refused
        var rotated = KeyPairGenerator.getInstance("RSA");
        rotated.initialize(2048);
        String unknownKey = Jwt.claims().preferredUserName("alice").subject("sub-alice").issuer(StandInOidcProvider.issuer)
                .claim("azp", "platform-cli").expiresIn(900).jws().keyId("rotated-key").sign(rotated.generateKeyPair().getPrivate());
        given().auth().oauth2(unknownKey).get("/api/me").then().statusCode(401);
        assertEquals(fetched, StandInOidcProvider.JWKS_REQUESTS.get(), "no JWKS was served while the provider was away");
    }
}
