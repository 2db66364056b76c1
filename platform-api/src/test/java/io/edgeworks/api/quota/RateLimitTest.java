package io.edgeworks.api.quota;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two rate limits: deploys per minute per account (PostgreSQL) and API requests per minute per token (Redis). */
@QuarkusTest
@TestProfile(QuotaTestProfile.class)
class RateLimitTest {
    @Inject
    Redis redis;

    @Test
    void theSixthDeployOfAMinuteGets429WithRetryAfterAndStoresNothing() {
        String user = Api.user();
        String slug = Api.account(user);
        Api.service(user, slug, "web");
        for (int i = 1; i <= 5; i++) {
            Api.deployCode(user, slug, "web", "production", "export default { fetch() { return new Response('" + i + "'); } }");
        }
        String retryAfter = Api.postVersion(user, slug, "web", "production", Map.of("modules", Map.of("worker.js", Api.HELLO)))
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]?"))
                .body("quota.name", equalTo("deploys-per-minute"))
                .body("quota.limit", equalTo(5))
                .body("quota.current", equalTo(5))
                .body("detail", containsString("platform.quotas.deploys-per-minute"))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) <= 60, retryAfter);
        // nothing was stored: the latest version is still 5; an upload without deploy is not a deploy
        as(user).get(Api.env(slug, "web", "production")).then().body("latest_version", equalTo(5));
        Api.postVersion(user, slug, "web", "production", Map.of("modules", Map.of("worker.js", Api.HELLO), "deploy", false))
                .then().statusCode(201).body("number", equalTo(6));
        // a rollback is a deploy too (to v4: v1 was pruned meanwhile, versions-per-environment is 3); other accounts are not affected
        as(user).body(Map.of("versions", java.util.List.of(Map.of("number", 4, "percentage", 100))))
                .post(Api.env(slug, "web", "production") + "/deployments").then().statusCode(429);
        String other = Api.account(user);
        Api.service(user, other, "web");
        Api.deployCode(user, other, "web", "production", Api.HELLO);
    }

    @Test
    void apiRequestsPerTokenGet429WithRetryAfterBeyondTheLimit() {
        String user = Api.user();
        for (int i = 0; i < QuotaTestProfile.API_REQUESTS_PER_MINUTE; i++) {
            as(user).get("/api/me").then().statusCode(200);
        }
        as(user).get("/api/me").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]?"))
                .body("quota.name", equalTo("api-requests-per-minute"))
                .body("quota.limit", equalTo(QuotaTestProfile.API_REQUESTS_PER_MINUTE))
                .body("quota.current", allOf(greaterThanOrEqualTo(QuotaTestProfile.API_REQUESTS_PER_MINUTE + 1), lessThanOrEqualTo(200)));
        // every call of that token is refused, health and OpenAPI are not counted, other tokens go on
        as(user).body(Map.of("slug", Api.unique("acct"))).post("/api/accounts").then().statusCode(429);
        given().auth().oauth2(Api.token(user)).get("/q/health/live").then().statusCode(200);
        given().auth().oauth2(Api.token(user)).get("/q/openapi").then().statusCode(200);
        as(Api.user()).get("/api/me").then().statusCode(200);
        // requests without a valid token are not counted: they get their 401
        given().auth().oauth2("not-a-token").get("/api/me").then().statusCode(401);
    }

    @Test
    void theCountLivesInRedisSoEveryReplicaSeesIt() {
        String user = Api.user();
        String key = ApiRateLimiter.KEY_PREFIX + "-:sub-" + user;
        // another replica counted the whole budget of this token already
        redis.send(Request.cmd(Command.SET).arg(key).arg(QuotaTestProfile.API_REQUESTS_PER_MINUTE).arg("PX").arg(30_000))
                .await().atMost(Duration.ofSeconds(5));
        String retryAfter = as(user).get("/api/me").then().statusCode(429).extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 30, retryAfter);
        assertEquals(QuotaTestProfile.API_REQUESTS_PER_MINUTE + 1,
                redis.send(Request.cmd(Command.GET).arg(key)).await().atMost(Duration.ofSeconds(5)).toInteger());
        // the window ends with the key's expiry
        redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(1)).await().atMost(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            status = as(user).get("/api/me").then().extract().statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertEquals(200, status);
    }
}
