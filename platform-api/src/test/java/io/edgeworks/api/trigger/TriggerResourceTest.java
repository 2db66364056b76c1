package io.edgeworks.api.trigger;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.CronRun;
import io.edgeworks.bundle.CronRunCodec;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** {@code PUT · GET …/environments/{e}/triggers} and {@code GET …/triggers/runs}: parsing, 400s, roles, audit, runs. */
@QuarkusTest
class TriggerResourceTest {

    @Inject
    RedisDataSource redis;

    private static String triggers(String slug) {
        return Api.env(slug, "cron", "production") + "/triggers";
    }

    @Test
    void setReadReplaceAndRemoveTriggers() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "cron");
        as(alice).get(triggers(acme)).then().statusCode(200).body("crons", equalTo(List.of()));

        as(alice).body(Map.of("crons", List.of("*/5  * * * *", "0 9 * * MON-FRI"))).put(triggers(acme)).then().statusCode(200)
                .body("crons", equalTo(List.of("*/5 * * * *", "0 9 * * MON-FRI")));
        as(alice).get(triggers(acme)).then().statusCode(200).body("crons", equalTo(List.of("*/5 * * * *", "0 9 * * MON-FRI")));
        // the same list again changes nothing (one audit entry so far)
        as(alice).body(Map.of("crons", List.of("*/5 * * * *", "0 9 * * MON-FRI"))).put(triggers(acme)).then().statusCode(200);
        as(alice).body(Map.of("crons", List.of("* * * * *"))).put(triggers(acme)).then().statusCode(200)
                .body("crons", equalTo(List.of("* * * * *")));
        as(alice).body(Map.of("crons", List.of())).put(triggers(acme)).then().statusCode(200).body("crons", equalTo(List.of()));
        as(alice).get(triggers(acme)).then().body("crons", equalTo(List.of()));

        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200)
                .body("findAll { it.action == 'triggers.update' }.size()", equalTo(3))
                .body("find { it.action == 'triggers.update' }.target", equalTo(acme + "/cron/production"))
                .body("find { it.action == 'triggers.update' }.summary.before.crons", equalTo(List.of("* * * * *")))
                .body("find { it.action == 'triggers.update' }.summary.after.crons", equalTo(List.of()));
    }

    @Test
    void badExpressionsAre400NamingEachOne() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "cron");
        as(alice).body(Map.of("crons", List.of("* * * *", "61 * * * *", "*/5 * * * *", "*/5 * * * *", "0 0 31 2 *")))
                .put(triggers(acme)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("crons[0]", "crons[1]", "crons[3]", "crons[4]")))
                .body("errors[0].message", containsString("has 4 fields; a cron expression has five"))
                .body("errors[1].message", containsString("Value 61 not in range [0, 59]"))
                .body("errors[2].message", containsString("'*/5 * * * *' appears twice"))
                .body("errors[3].message", containsString("never fires"));
        as(alice).body(Map.of("crons", List.of("0 0 * * * *"))).put(triggers(acme)).then().statusCode(400)
                .body("detail", containsString("crons[0]: '0 0 * * * *' has 6 fields"));
        as(alice).body(Map.of()).put(triggers(acme)).then().statusCode(400).body("errors[0].field", equalTo("crons"))
                .body("detail", containsString("is required"));
        as(alice).body(Map.of("crons", List.of("1 * * * *", "2 * * * *", "3 * * * *", "4 * * * *", "5 * * * *", "6 * * * *")))
                .put(triggers(acme)).then().statusCode(400).body("detail", containsString("at most 5 cron triggers per environment"));
        List<String> nulls = new ArrayList<>();
        nulls.add(null);
        as(alice).body(Map.of("crons", nulls)).put(triggers(acme)).then().statusCode(400).body("errors[0].field", equalTo("crons[0]"));
        // nothing was stored
        as(alice).get(triggers(acme)).then().body("crons", equalTo(List.of()));
        as(alice).body(Map.of("crons", List.of("* * * * *"))).put(Api.env(acme, "cron", "nope") + "/triggers").then().statusCode(404);
    }

    @Test
    void developersSetTriggersViewersOnlyReadThem() {
        String owner = Api.user();
        String acme = Api.account(owner);
        Api.service(owner, acme, "cron");
        String dev = Api.user();
        String viewer = Api.user();
        Api.member(owner, acme, dev, "developer");
        Api.member(owner, acme, viewer, "viewer");
        as(dev).body(Map.of("crons", List.of("* * * * *"))).put(triggers(acme)).then().statusCode(200);
        as(viewer).body(Map.of("crons", List.of())).put(triggers(acme)).then().statusCode(403);
        as(viewer).get(triggers(acme)).then().statusCode(200).body("crons", equalTo(List.of("* * * * *")));
        as(viewer).get(triggers(acme) + "/runs").then().statusCode(200).body("size()", equalTo(0));
        as(Api.user()).get(triggers(acme)).then().statusCode(404);
    }

    @Test
    void runsAreReadNewestFirstFromTheListTheEdgeWrites() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "cron");
        String key = RedisLayout.cronRunsKey(acme + "/cron/production");
        var lists = redis.list(String.class);
        try {
            lists.lpush(key, CronRunCodec.encode(new CronRun(1_764_669_840_000L, "* * * * *", 1_764_669_840_012L, 7, CronRun.Outcome.OK,
                    null, 2, "edge-a")));
            lists.lpush(key, "{not json");
            lists.lpush(key, CronRunCodec.encode(new CronRun(1_764_669_900_000L, "* * * * *", 1_764_669_900_003L, 51,
                    CronRun.Outcome.EXCEEDED_LIMIT, "limit hit: cpu time", 2, "edge-b")));
            as(alice).get(triggers(acme) + "/runs").then().statusCode(200)
                    .body("size()", equalTo(2))
                    .body("[0].scheduled_time", equalTo("2025-12-02T10:05:00Z"))
                    .body("[0].outcome", equalTo("exceeded_limit"))
                    .body("[0].error", equalTo("limit hit: cpu time"))
                    .body("[0].node", equalTo("edge-b"))
                    .body("[0].duration_ms", equalTo(51))
                    .body("[1].scheduled_time", equalTo("2025-12-02T10:04:00Z"))
                    .body("[1].started_at", equalTo("2025-12-02T10:04:00.012Z"))
                    .body("[1].outcome", equalTo("ok"))
                    .body("[1].error", nullValue())
                    .body("version", hasItem(2));
            as(alice).get(triggers(acme) + "/runs?limit=1").then().statusCode(200).body("size()", equalTo(1));
            as(alice).get(triggers(acme) + "/runs?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
            as(alice).get(triggers(acme) + "/runs?limit=101").then().statusCode(400);
        } finally {
            redis.key().del(key);
        }
    }
}
