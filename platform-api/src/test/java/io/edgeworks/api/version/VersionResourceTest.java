package io.edgeworks.api.version;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class VersionResourceTest {

    private record Env(String owner, String slug, String path) {
    }

    private static Env env() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        return new Env(owner, slug, Api.env(slug, "hello", "production"));
    }

    @Test
    void firstVersionNeedsModules() {
        Env e = env();
        as(e.owner).body(Map.of("vars", Map.of("A", "b"))).post(e.path + "/versions").then().statusCode(400)
                .body("errors[0].field", equalTo("modules"));
    }

    @Test
    void createAnswers201WithNumberAuthorAnnotationsAndHostnameAndDeploys() {
        Env e = env();
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "annotations", Map.of("message", "first", "tag", "v1.0.0", "commit", "abc123")))
                .post(e.path + "/versions").then().statusCode(201)
                .body("number", equalTo(1))
                .body("id", notNullValue())
                .body("created_at", notNullValue())
                .body("author", equalTo(e.owner))
                .body("annotations.message", equalTo("first"))
                .body("annotations.tag", equalTo("v1.0.0"))
                .body("annotations.commit", equalTo("abc123"))
                .body("hostname", equalTo("hello." + e.slug + ".localhost"))
                .body("digest", matchesPattern("[0-9a-f]{64}"));
        as(e.owner).get(e.path).then().body("latest_version", equalTo(1)).body("deployment.versions[0].number", equalTo(1));
        as(e.owner).get(e.path + "/versions/1").then().statusCode(200)
                .body("main_module", equalTo("worker.js"))
                .body("limits.cpu_ms", equalTo(50))
                .body("secrets", hasSize(0));
    }

    @Test
    void omittedFieldsCarryOverAndAnUnchangedRequestCreatesNoVersion() {
        Env e = env();
        Map<String, Object> first = Map.of("modules", Map.of("main.js", "import {x} from './lib/x.js';\nexport default { fetch() { return new Response(x) } }",
                "lib/x.js", "export const x = 'x';"), "main_module", "main.js", "vars", Map.of("A", "1"), "limits", Map.of("cpu_ms", 100));
        as(e.owner).body(first).post(e.path + "/versions").then().statusCode(201).body("number", equalTo(1));
        as(e.owner).body(Map.of("vars", Map.of("A", "2"))).post(e.path + "/versions").then().statusCode(201).body("number", equalTo(2));
        as(e.owner).get(e.path + "/versions/2").then()
                .body("main_module", equalTo("main.js"))
                .body("modules.'lib/x.js'", equalTo("export const x = 'x';"))
                .body("vars.A", equalTo("2"))
                .body("limits.cpu_ms", equalTo(100));
        // same content again (annotations are not content): 200 with the latest, no version 3
        as(e.owner).body(Map.of("vars", Map.of("A", "2"), "annotations", Map.of("message", "again"))).post(e.path + "/versions")
                .then().statusCode(200).body("number", equalTo(2));
        as(e.owner).body(first).post(e.path + "/versions").then().statusCode(201).body("number", equalTo(3));
        as(e.owner).get(e.path + "/versions").then().body("number", equalTo(List.of(3, 2, 1)));
    }

    @Test
    void deployFalseLeavesTheDeploymentAlone() {
        Env e = env();
        Api.deployCode(e.owner, e.slug, "hello", "production", Api.HELLO);
        as(e.owner).body(Map.of("vars", Map.of("A", "b"), "deploy", false)).post(e.path + "/versions").then().statusCode(201)
                .body("number", equalTo(2));
        as(e.owner).get(e.path).then().body("latest_version", equalTo(2)).body("deployment.versions[0].number", equalTo(1));
    }

    @Test
    void syntaxErrorNamesModuleLineAndColumn() {
        Env e = env();
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "export default {\n  fetch( { return 1 }\n}")))
                .post(e.path + "/versions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("modules.worker.js"))
                .body("errors[0].message", allOf(containsString("worker.js"), containsString("line 2"), containsString("column")))
                .body("detail", containsString("line 2"))
                // the position as numbers too (1-based), for editors that mark it
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(19));
        // other field errors carry no position (the keys are absent, not null)
        as(e.owner).body(Map.of("vars", Map.of("A", "b"))).post(e.path + "/versions").then().statusCode(400)
                .body("errors[0]", not(hasKey("line"))).body("errors[0]", not(hasKey("column")));
    }

    @Test
    void importsMustBeRelativeAndResolveToAModuleOfTheVersion() {
        Env e = env();
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "import _ from 'lodash';\nexport default {}")))
                .post(e.path + "/versions").then().statusCode(400).body("detail", containsString("lodash"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "import {a} from './missing.js';\nexport default {}")))
                .post(e.path + "/versions").then().statusCode(400).body("detail", containsString("./missing.js"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "// import x from 'ignored-in-comment';\nimport {a} from './a.js';\nexport default {a}",
                "a.js", "export const a = 'see http://example.com';"))).post(e.path + "/versions").then().statusCode(201);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "import { WorkerEntrypoint } from 'cloudflare:workers';\n"
                + "export class Auth extends WorkerEntrypoint { check(t) { return t === 'x'; } }\nexport default { fetch() {} }")))
                .post(e.path + "/versions").then().statusCode(201);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", "import { connect } from 'cloudflare:sockets';\nexport default {}")))
                .post(e.path + "/versions").then().statusCode(400).body("detail", containsString("cloudflare:sockets"));
    }

    @Test
    void aServiceBindingMayNameAnEntrypoint() {
        Env e = env();
        Api.service(e.owner, e.slug, "auth");
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "entrypoint", "not-an-identifier"))))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("bindings[0].entrypoint"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "kv", "name", "CACHE", "namespace", "cache", "entrypoint", "Auth"))))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("bindings[0].entrypoint"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "entrypoint", "Auth"),
                                Map.of("type", "service", "name", "DEFAULT", "service", "auth"))))
                .post(e.path + "/versions").then().statusCode(201);
        as(e.owner).get(e.path + "/versions/1").then()
                .body("bindings.find { it.name == 'AUTH' }.entrypoint", equalTo("Auth"))
                .body("bindings.find { it.name == 'DEFAULT' }", not(hasKey("entrypoint")));
    }

    @Test
    void mainModuleRules() {
        Env e = env();
        as(e.owner).body(Map.of("modules", Map.of("a.js", "export default {}", "b.js", "export default {}")))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("main_module"));
        as(e.owner).body(Map.of("modules", Map.of("a.js", "export default {}"), "main_module", "b.js"))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("main_module"));
        as(e.owner).body(Map.of("modules", Map.of("a.js", "export const a = 1;", "index.js", "export default {}")))
                .post(e.path + "/versions").then().statusCode(201);
        as(e.owner).get(e.path + "/versions/1").then().body("main_module", equalTo("index.js"));
        as(e.owner).body(Map.of("modules", Map.of("../up.js", "export default {}")))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("modules.../up.js"));
    }

    @Test
    void limitsAreEnforcedWithClearErrors() {
        Env e = env();
        String big = "// " + "x".repeat(10 * 1024 * 1024) + "\nexport default {}";
        as(e.owner).body(Map.of("modules", Map.of("worker.js", big))).post(e.path + "/versions").then().statusCode(413)
                .body("detail", containsString("10485760"));
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            tooMany.put("V" + i, "x");
        }
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", tooMany)).post(e.path + "/versions")
                .then().statusCode(400).body("errors[0].field", equalTo("vars"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", Map.of("BIG", "x".repeat(5121))))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("vars.BIG"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", Map.of("9bad", "x")))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("vars.9bad"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "limits", Map.of("cpu_ms", 30001)))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("limits.cpu_ms"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "limits", Map.of("cpu_ms", 0)))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("limits.cpu_ms"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "limits", Map.of("cpu_ms", 30000)))
                .post(e.path + "/versions").then().statusCode(201);
    }

    @Test
    void bindingTargetsMustExistInTheAccount() {
        Env e = env();
        Api.service(e.owner, e.slug, "auth");
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "environment", "staging"))))
                .post(e.path + "/versions").then().statusCode(400)
                .body("errors[0].field", equalTo("bindings[0]")).body("detail", containsString("AUTH"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "kv", "name", "CACHE", "namespace", "cache"))))
                .post(e.path + "/versions").then().statusCode(400).body("detail", containsString("CACHE"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "queue", "name", "Q"))))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("bindings[0].type"));
        as(e.owner).body(Map.of("name", "cache")).post("/api/accounts/" + e.slug + "/kv/namespaces").then().statusCode(201);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", Map.of("AUTH", "clash"),
                        "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth"))))
                .post(e.path + "/versions").then().statusCode(400).body("detail", containsString("AUTH"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO),
                        "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth"),
                                Map.of("type", "kv", "name", "CACHE", "namespace", "cache"))))
                .post(e.path + "/versions").then().statusCode(201);
        as(e.owner).get(e.path + "/versions/1").then()
                .body("bindings.find { it.name == 'AUTH' }", not(hasKey("environment"))) // it follows
                .body("bindings.find { it.name == 'CACHE' }.namespace", equalTo("cache"));
    }

    @Test
    void aPinnedVersionMustExistWhereTheBindingLands() {
        Env e = env();
        Api.service(e.owner, e.slug, "auth");
        Map<String, Object> pinned = Map.of("type", "service", "name", "AUTH", "service", "auth", "version", 1);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "bindings", List.of(pinned)))
                .post(e.path + "/versions").then().statusCode(400).body("errors[0].field", equalTo("bindings[0]"))
                .body("detail", containsString("no version 1 of environment 'production' of service 'auth'"));
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "bindings", List.of(Map.of("type", "service",
                        "name", "AUTH", "service", "auth", "version", 0, "entrypoint", "not an identifier"))))
                .post(e.path + "/versions").then().statusCode(400)
                .body("errors.field", hasItems("bindings[0].version", "bindings[0].entrypoint"));
        Api.deployCode(e.owner, e.slug, "auth", "production", Api.HELLO);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "bindings", List.of(pinned)))
                .post(e.path + "/versions").then().statusCode(201);
        as(e.owner).get(e.path + "/versions/1").then().statusCode(200)
                .body("bindings[0].version", equalTo(1))
                .body("bindings[0]", not(hasKey("environment")));
    }

    @Test
    void listIsNewestFirstAndPaged() {
        Env e = env();
        for (int i = 1; i <= 3; i++) {
            as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", Map.of("N", "" + i)))
                    .post(e.path + "/versions").then().statusCode(201);
        }
        as(e.owner).get(e.path + "/versions?limit=2").then().statusCode(200).body("number", equalTo(List.of(3, 2)));
        as(e.owner).get(e.path + "/versions?limit=2&before=2").then().statusCode(200).body("number", equalTo(List.of(1)));
        as(e.owner).get(e.path + "/versions?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        as(e.owner).get(e.path + "/versions?before=abc").then().statusCode(400).body("errors[0].field", equalTo("before"));
        as(e.owner).get(e.path + "/versions/99").then().statusCode(404);
    }

    @Test
    void patchVarsMergesAndNullDeletes() {
        Env e = env();
        as(e.owner).body(Map.of("A", "1")).patch(e.path + "/vars").then().statusCode(409);
        as(e.owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO), "vars", Map.of("A", "1", "B", "2")))
                .post(e.path + "/versions").then().statusCode(201);
        Map<String, Object> patch = new HashMap<>();
        patch.put("B", null);
        patch.put("C", "3");
        as(e.owner).body(patch).patch(e.path + "/vars").then().statusCode(201).body("number", equalTo(2));
        as(e.owner).get(e.path + "/versions/2").then().body("vars", equalTo(Map.of("A", "1", "C", "3")));
        as(e.owner).get(e.path).then().body("deployment.versions[0].number", equalTo(2));
        as(e.owner).body(Map.of("C", "3")).patch(e.path + "/vars").then().statusCode(200).body("number", equalTo(2));
        as(e.owner).body(Map.of("bad-name", "x")).patch(e.path + "/vars").then().statusCode(400);
    }
}
