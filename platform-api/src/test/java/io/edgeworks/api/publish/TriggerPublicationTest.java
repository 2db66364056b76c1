package io.edgeworks.api.publish;

import io.edgeworks.api.Api;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cron triggers travel in the account's signed manifest, for deployed environments only; a change republishes it. */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class TriggerPublicationTest {

    @Inject
    RedisDataSource redisDataSource;

    @Test
    void triggersArePublishedWithTheDeployedEnvironmentAndTheirChangesRepublish() {
        RedisState redis = new RedisState(redisDataSource);
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "cron");
        Api.service(alice, acme, "idle");
        String prod = acme + "/cron/production";
        as(alice).body(Map.of("crons", List.of("*/5 * * * *", "0 9 * * MON-FRI"))).put(Api.env(acme, "cron", "production") + "/triggers")
                .then().statusCode(200);
        // an environment that serves nothing: its triggers wait for its first deployment
        as(alice).body(Map.of("crons", List.of("* * * * *"))).put(Api.env(acme, "idle", "production") + "/triggers").then().statusCode(200);
        Api.deployCode(alice, acme, "cron", "production", Api.HELLO);

        RedisState.awaitTrue("the triggers published in the manifest", Duration.ofSeconds(15), () -> {
            var manifest = redis.manifest(acme);
            return manifest != null && manifest.crons().equals(Map.of(prod, List.of("*/5 * * * *", "0 9 * * MON-FRI")));
        });
        long sequence = redis.manifest(acme).sequence();

        as(alice).body(Map.of("crons", List.of("* * * * *"))).put(Api.env(acme, "cron", "production") + "/triggers").then().statusCode(200);
        RedisState.awaitTrue("the change republished", Duration.ofSeconds(15), () ->
                redis.manifest(acme).crons().equals(Map.of(prod, List.of("* * * * *"))));
        assertEquals(true, redis.manifest(acme).sequence() > sequence, "a new manifest sequence");

        as(alice).body(Map.of("crons", List.of())).put(Api.env(acme, "cron", "production") + "/triggers").then().statusCode(200);
        RedisState.awaitTrue("removing them republishes", Duration.ofSeconds(15), () -> redis.manifest(acme).crons().isEmpty());
    }
}
