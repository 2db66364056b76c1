package io.edgeworks.api.route;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class RouteResourceTest {

    @Test
    void routesFollowCloudflarePatternRulesOnHeldDomains() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        as(alice).body(Map.of("name", "staging")).post(Api.envs(acme, "shop")).then().statusCode(201);
        String domain = Api.unique("d") + ".test";
        as(alice).body(Map.of("name", domain)).post("/api/accounts/" + acme + "/domains").then().statusCode(201);
        String routes = "/api/accounts/" + acme + "/routes";

        as(alice).body(Map.of("pattern", "Shop." + domain + "/api/*", "service", "shop")).post(routes).then().statusCode(201)
                .body("id", notNullValue()).body("pattern", equalTo("shop." + domain + "/api/*"))
                .body("service", equalTo("shop")).body("environment", equalTo("production"))
                .body("status", equalTo("inactive")).body("reason", equalTo("domain " + domain + " is pending verification"));
        for (String ok : List.of("*." + domain + "/*", "*" + domain + "/x", "https://" + domain + "/", domain)) {
            as(alice).body(Map.of("pattern", ok, "service", "shop", "environment", "staging")).post(routes).then().statusCode(201);
        }
        as(alice).body(Map.of("pattern", "shop." + domain + "/api/*", "service", "shop")).post(routes).then().statusCode(409);

        for (String bad : List.of("shop." + domain + "/a*b", "sh*op." + domain + "/", domain + ":8080/", "ftp://" + domain + "/",
                domain + "/x?y=1", "", "no-dot/")) {
            as(alice).body(Map.of("pattern", bad, "service", "shop")).post(routes).then().statusCode(400)
                    .body("errors[0].field", equalTo("pattern"));
        }
        as(alice).body(Map.of("pattern", "elsewhere.test/*", "service", "shop")).post(routes).then().statusCode(400)
                .body("detail", containsString(domain));
        as(alice).body(Map.of("pattern", "x." + domain + "/*", "service", "nope")).post(routes).then().statusCode(400)
                .body("errors[0].field", equalTo("environment"));

        List<String> ids = as(alice).get(routes).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("inactive"))).extract().path("id");
        org.junit.jupiter.api.Assertions.assertEquals(5, ids.size());
        as(alice).delete(routes + "/" + ids.getFirst()).then().statusCode(204);
        as(alice).delete(routes + "/" + ids.getFirst()).then().statusCode(404);
        as(alice).delete(routes + "/not-a-uuid").then().statusCode(404);

        // once the domain is verified, its routes are active (served)
        String token = as(alice).get("/api/accounts/" + acme + "/domains/" + domain).then().extract().path("verification.txt_value");
        Api.proveDomain(alice, acme, domain, token);
        as(alice).get(routes).then().body("status", org.hamcrest.Matchers.everyItem(equalTo("active")))
                .body("reason", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
    }
}
