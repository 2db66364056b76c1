package io.edgeworks.api.cloudflare;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** {@code GET /client/v4/user/tokens/verify} for an identity that an account API token made (its attributes). */
@QuarkusTest
class CfTokenVerifyTest {

    @Test
    @TestSecurity(user = "ci-bot", attributes = @SecurityAttribute(key = CfUserResource.TOKEN_ID, value = "tok_0123"))
    void anAccountTokenIsReportedByItsId() {
        given().get("/client/v4/user/tokens/verify").then().statusCode(200)
                .body("success", equalTo(true))
                .body("result.id", equalTo("tok_0123"))
                .body("result.status", equalTo("active"))
                .body("result.expires_on", nullValue());
        given().get("/client/v4/user").then().statusCode(200).body("result.email", equalTo("ci-bot"));
    }
}
