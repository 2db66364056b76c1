package io.edgeworks.api.kv;

import io.edgeworks.api.Api;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis with access control, as production runs it ({@link SecuredRedisServers}): the published state's Redis
 * with an ACL user, the KV values on a Redis of their own over TLS with a password. With the right settings
 * the KV API works and its values land on the KV Redis only; a wrong password fails with Redis' WRONGPASS.
 */
@QuarkusTest
@TestProfile(RedisAccessTest.Profile.class)
class RedisAccessTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecuredRedisServers.class));
        }
    }

    @Inject
    @RedisClientName("wrong")
    ReactiveRedisDataSource wrong;

    @Inject
    ReactiveRedisDataSource state;

    @Test
    void kvValuesGoToTheirOwnRedisOverTlsWithAPassword() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        String namespaces = "/api/accounts/" + acme + "/kv/namespaces";
        as(alice).body(Map.of("name", "secured")).post(namespaces).then().statusCode(201);
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("over tls")
                .put(namespaces + "/secured/values/greeting").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).get(namespaces + "/secured/values/greeting")
                .then().statusCode(200).body(equalTo("over tls"));

        String onKv = SecuredRedisServers.cli(true, "--scan", "--pattern", "edgeworks:kv:*");
        assertTrue(onKv.startsWith("edgeworks:kv:"), "the value is on the KV Redis (TLS, password): " + onKv);
        assertEquals("over tls", SecuredRedisServers.cli(true, "HGET", onKv.lines().findFirst().orElseThrow(), "greeting"));
        assertEquals("", SecuredRedisServers.cli(false, "--scan", "--pattern", "edgeworks:kv:*"),
                "no KV value on the published state's Redis");
    }

    @Test
    void theStateClientLogsInAsItsAclUser() {
        assertEquals("platform-api", state.execute("ACL", "WHOAMI").await().atMost(Duration.ofSeconds(5)).toString());
    }

    @Test
    void aWrongPasswordFailsWithRedisWrongpass() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> wrong.execute("PING").await().atMost(Duration.ofSeconds(5)));
        String message = messages(e);
        assertTrue(message.contains("WRONGPASS"), "a refused login names the reason: " + message);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }
}
