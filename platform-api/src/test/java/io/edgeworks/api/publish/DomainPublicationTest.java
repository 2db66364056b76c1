package io.edgeworks.api.publish;

import io.edgeworks.api.Api;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Routes on a pending domain are accepted but not published; verification publishes them (through the API). */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class DomainPublicationTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;

    @Test
    void aRouteOnAPendingDomainIsPublishedOnlyOnceTheDomainIsVerified() {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        Api.deployCode(alice, acme, "shop", "production", Api.HELLO);
        String domain = Api.unique("d") + ".test";
        String token = Api.claimDomain(alice, acme, domain);
        String routes = "/api/accounts/" + acme + "/routes";
        String id = as(alice).body(Map.of("pattern", domain + "/*", "service", "shop")).post(routes).then().statusCode(201)
                .body("status", equalTo("inactive")).body("reason", equalTo("domain " + domain + " is pending verification"))
                .extract().path("id");

        RedisState.awaitTrue("the account's changes published", Duration.ofSeconds(15), () ->
                fixtures.single("select count(*) from outbox where published_at is null and ref->>'account' = $1", acme).equals(0L)
                        && redis.digest(acme + "/shop/production") != null);
        assertNull(redis.route(acme, id), "a route under a pending domain is not published");

        Api.proveDomain(alice, acme, domain, token);
        RedisState.awaitTrue("the route published after verification", Duration.ofSeconds(15), () -> redis.route(acme, id) != null);
        as(alice).get(routes).then().body("status", equalTo(List.of("active"))).body("[0].reason", nullValue());
    }

    @Test
    void theHttpsRedirectSettingIsAuditedAndPublishedForActiveDomains() {
        RedisState redis = new RedisState(redisDataSource);
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        Api.deployCode(alice, acme, "shop", "production", Api.HELLO);
        String domain = Api.unique("r") + ".test";
        String token = Api.claimDomain(alice, acme, domain);
        String path = "/api/accounts/" + acme + "/domains/" + domain;
        as(alice).get(path).then().statusCode(200).body("https_redirect", equalTo(false));

        as(alice).body(Map.of()).patch(path).then().statusCode(400);
        as(alice).body(Map.of("https_redirect", "yes")).patch(path).then().statusCode(400);
        String bob = Api.user();
        as(bob).body(Map.of("https_redirect", true)).patch(path).then().statusCode(404);
        // set up in advance on the pending claim: nothing is published for it yet
        as(alice).body(Map.of("https_redirect", true)).patch(path).then().statusCode(200).body("https_redirect", equalTo(true));
        as(alice).get(path).then().body("https_redirect", equalTo(true));

        Api.proveDomain(alice, acme, domain, token);
        RedisState.awaitTrue("the redirect published with the active domain", Duration.ofSeconds(15), () -> {
            var manifest = redis.manifest(acme);
            return manifest != null && manifest.httpsRedirects().equals(List.of(domain));
        });
        as(alice).body(Map.of("https_redirect", false)).patch(path).then().statusCode(200).body("https_redirect", equalTo(false));
        RedisState.awaitTrue("turning it off is published", Duration.ofSeconds(15), () -> redis.manifest(acme).httpsRedirects().isEmpty());
        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200)
                .body("findAll { it.action == 'domain.update' }.size()", equalTo(2));
    }
}
