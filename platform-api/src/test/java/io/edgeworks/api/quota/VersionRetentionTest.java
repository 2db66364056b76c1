package io.edgeworks.api.quota;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Retention with versions-per-environment 3 and rollback-deployments 2: after each new version, versions older
 * than the newest 3 are pruned unless the current deployment or one of the last 2 deployments uses them.
 */
@QuarkusTest
@TestProfile(QuotaTestProfile.class)
class VersionRetentionTest {

    @Test
    void pruningKeepsTheNewestAndEveryVersionOfTheRollbackWindow() {
        String user = Api.user();
        String slug = Api.account(user);
        Api.service(user, slug, "web");
        String env = Api.env(slug, "web", "production");
        Api.deployCode(user, slug, "web", "production", code(1)); // v1, deployed (deployment #1)
        for (int i = 2; i <= 6; i++) {
            upload(user, slug, i); // v2..v6, not deployed
        }
        // newest 3 (4, 5, 6) plus v1, which the current deployment serves; 2 and 3 are gone
        assertVersions(user, env, 6, 5, 4, 1);
        as(user).get(env + "/versions/2").then().statusCode(404);
        as(user).get(env).then().statusCode(200).body("deployment.versions[0].number", equalTo(1));

        // a split keeps both of its versions, however old
        deploy(user, env, List.of(Map.of("number", 1, "percentage", 50), Map.of("number", 4, "percentage", 50))); // #2
        for (int i = 7; i <= 9; i++) {
            upload(user, slug, i);
        }
        assertVersions(user, env, 9, 8, 7, 4, 1);

        // rollbacks move the window: #3 = v5... v5 was pruned; deploy v7 then v8
        deploy(user, env, List.of(Map.of("number", 7, "percentage", 100))); // #3
        deploy(user, env, List.of(Map.of("number", 8, "percentage", 100))); // #4: window is now #4 and #3 (v8, v7)
        upload(user, slug, 10);
        upload(user, slug, 11);
        upload(user, slug, 12);
        // newest 3: 10, 11, 12; window: v8 (current), v7 (the previous deployment, a rollback target); 1, 4, 9 pruned
        assertVersions(user, env, 12, 11, 10, 8, 7);
        // a rollback to the previous deployment still works; to a pruned version answers 400
        deploy(user, env, List.of(Map.of("number", 7, "percentage", 100)));
        as(user).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100)))).post(env + "/deployments")
                .then().statusCode(400);
        // the deployment history is kept whole, and the audit log names what was pruned
        as(user).get(env + "/deployments").then().statusCode(200).body("size()", equalTo(5));
        as(user).get("/api/accounts/" + slug + "/audit").then().statusCode(200).body("action", hasItem("version.prune"));
    }

    private static void assertVersions(String user, String env, Integer... numbers) {
        as(user).get(env + "/versions").then().statusCode(200).body("number", equalTo(List.of(numbers)));
    }

    private static void upload(String user, String slug, int n) {
        Api.postVersion(user, slug, "web", "production", Map.of("modules", Map.of("worker.js", code(n)), "deploy", false))
                .then().statusCode(201).body("number", equalTo(n));
    }

    private static void deploy(String user, String env, List<Map<String, Integer>> versions) {
        as(user).body(Map.of("versions", versions)).post(env + "/deployments").then().statusCode(201);
    }

    private static String code(int n) {
        return "export default { async fetch() { return new Response('v" + n + "'); } }\n";
    }
}
