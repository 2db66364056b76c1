package io.edgeworks.api.security;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Tokens are accepted only from the configured clients ({@code platform.auth.allowed-clients}): same signing
 * key and issuer, another client → 401 problem with {@code WWW-Authenticate: Bearer error="invalid_token"}.
 * The same rule against a real Keycloak: system-tests {@code ApiAuthIT}.
 */
@QuarkusTest
class AllowedClientsTest {

    private static JwtClaimsBuilder claims(String username) {
        return Jwt.claims().preferredUserName(username).subject("sub-" + username).issuer("edgeworks-test").expiresIn(3600);
    }

    @Test
    void tokensOfTheAllowedClientsAreAccepted() {
        String user = Api.user();
        for (String client : new String[]{"platform-cli", "tenant-admin"}) {
            given().auth().oauth2(claims(user).claim("azp", client).sign()).get("/api/me")
                    .then().statusCode(200).body("username", equalTo(user));
        }
    }

    @Test
    void aTokenOfAnotherClientOfTheRealmIs401() {
        given().auth().oauth2(claims(Api.user()).claim("azp", "some-other-app").sign()).get("/api/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("detail", containsString("'some-other-app'"))
                .body("detail", containsString("platform.auth.allowed-clients"));
    }

    @Test
    void theAudienceDecidesOnlyWhenThereIsNoAzp() {
        String user = Api.user();
        given().auth().oauth2(claims(user).audience(Set.of("platform-cli")).sign()).get("/api/me")
                .then().statusCode(200);
        given().auth().oauth2(claims(user).audience(Set.of("account", "elsewhere")).sign()).get("/api/me")
                .then().statusCode(401).body("detail", containsString("no client"));
        given().auth().oauth2(claims(user).sign()).get("/api/me")
                .then().statusCode(401).body("detail", containsString("no client"));
        // an allowed audience does not rescue a token issued to another client
        given().auth().oauth2(claims(user).claim("azp", "some-other-app").audience(Set.of("platform-cli")).sign())
                .get("/api/me").then().statusCode(401);
    }
}
