package io.edgeworks.api.cloudflare;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The Cloudflare-compatible API as wrangler 4.86 calls it (WRANGLER.md): multipart uploads, envelopes, the mapping. */
@QuarkusTest
class CloudflareApiTest {
    private static final String INDEX = "import { greet } from \"./lib/util.js\";\n"
            + "export default { async fetch(request, env) { return new Response(greet(env.GREETING, env.LEVEL)); } };\n";
    private static final String UTIL = "export function greet(g, l) { return `${g} (level=${l})\\n`; }\n";

    private static RequestSpecification cf(String user) {
        return given().auth().oauth2(Api.token(user));
    }

    private static String base(String slug) {
        return "/client/v4/accounts/" + slug + "/workers";
    }

    /** A multipart upload shaped like wrangler's: a plain 'metadata' field and one file part per module. */
    private static RequestSpecification upload(String user, String metadata, Map<String, String> modules) {
        RequestSpecification spec = cf(user).multiPart("metadata", metadata);
        modules.forEach((path, source) -> spec.multiPart(new MultiPartSpecBuilder(source.getBytes(StandardCharsets.UTF_8))
                .controlName(path).fileName(path).mimeType("application/javascript+module").build()));
        return spec;
    }

    private static String metadata(String greeting, String extraBindings, String extra) {
        return "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"GREETING\",\"type\":\"plain_text\",\"text\":\"" + greeting + "\"},"
                + "{\"name\":\"LEVEL\",\"type\":\"json\",\"json\":3}" + extraBindings + "],"
                + "\"compatibility_date\":\"2025-01-01\",\"compatibility_flags\":[]" + extra + "}";
    }

    @Test
    void deployVersionsSplitRollbackAndSecretsLikeWrangler() {
        String owner = Api.user();
        String slug = Api.account(owner);

        cf(owner).get(base(slug) + "/services/hello").then().statusCode(404)
                .body("success", equalTo(false)).body("errors[0].code", equalTo(10090));
        cf(owner).get(base(slug) + "/scripts/hello/deployments").then().statusCode(404).body("errors[0].code", equalTo(10007));

        String kvId = cf(owner).contentType(ContentType.JSON).body(Map.of("title", "cache"))
                .post("/client/v4/accounts/" + slug + "/storage/kv/namespaces")
                .then().statusCode(200).body("success", equalTo(true)).extract().path("result.id");
        String kvBinding = ",{\"name\":\"CACHE\",\"type\":\"kv_namespace\",\"namespace_id\":\"" + kvId + "\"}";

        // first deploy: PUT creates and deploys; deployment_id is the version id; a retry creates nothing new
        String v1 = upload(owner, metadata("hello", kvBinding, ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello?excludeScript=true&bindings_inherit=strict")
                .then().statusCode(200).body("success", equalTo(true)).extract().path("result.deployment_id");
        String retried = upload(owner, metadata("hello", kvBinding, ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello?excludeScript=true&bindings_inherit=strict")
                .then().statusCode(200).extract().path("result.deployment_id");
        assertEquals(v1, retried);
        as(owner).get(Api.env(slug, "hello", "production") + "/versions/1").then().statusCode(200)
                .body("id", equalTo(v1)).body("vars.GREETING", equalTo("hello")).body("vars.LEVEL", equalTo("3"))
                .body("modules.'lib/util.js'", equalTo(UTIL)).body("bindings[0].namespace", equalTo("cache"));
        as(owner).get(Api.env(slug, "hello", "production") + "/versions").then().body("", hasSize(1));

        cf(owner).contentType(ContentType.JSON).body("{\"tags\":[\"cf:service=hello\"]}")
                .patch(base(slug) + "/scripts/hello/script-settings").then().statusCode(200).body("result.tags[0]", equalTo("cf:service=hello"));
        cf(owner).get(base(slug) + "/services/hello").then().statusCode(200)
                .body("result.default_environment.script.tag", notNullValue())
                .body("result.default_environment.script.tags[0]", equalTo("cf:service=hello"));
        cf(owner).get(base(slug) + "/scripts/hello/settings").then().statusCode(200)
                .body("result.bindings.find { it.name == 'CACHE' }.namespace_id", equalTo(kvId));

        // later deploy: POST versions (not deployed), then POST deployments
        String v2 = upload(owner, metadata("hello again", ",{\"name\":\"CACHE\",\"type\":\"inherit\"}",
                ",\"annotations\":{\"workers/message\":\"second\",\"workers/tag\":\"v2\"}"), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .post(base(slug) + "/scripts/hello/versions?bindings_inherit=strict")
                .then().statusCode(200).body("result.metadata.has_preview", equalTo(false))
                .body("result.resources.script.etag", notNullValue()).extract().path("result.id");
        assertNotEquals(v1, v2);
        cf(owner).get(base(slug) + "/scripts/hello/deployments").then().statusCode(200)
                .body("result.deployments", hasSize(1)).body("result.deployments[0].versions[0].version_id", equalTo(v1));
        cf(owner).get(base(slug) + "/scripts/hello/versions?deployable=true").then().statusCode(200)
                .body("result.items", hasSize(2)).body("result.items[0].annotations.'workers/message'", equalTo("second"))
                .body("result.items[0].annotations.'workers/tag'", equalTo("v2"))
                .body("result.items[0].metadata.created_on", notNullValue());
        cf(owner).get(base(slug) + "/scripts/hello/versions/" + v2).then().statusCode(200).body("result.id", equalTo(v2));
        as(owner).get(Api.env(slug, "hello", "production") + "/versions/2").then().body("bindings[0].namespace", equalTo("cache"));

        // inherit of a name the previous version lacks: 10057
        upload(owner, metadata("x", ",{\"name\":\"MISSING\",\"type\":\"inherit\"}", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .post(base(slug) + "/scripts/hello/versions?bindings_inherit=strict")
                .then().statusCode(400).body("errors[0].code", equalTo(10057));

        // split 90/10, then a rollback (a single older version at 100%)
        cf(owner).contentType(ContentType.JSON).body(Map.of("strategy", "percentage", "versions", List.of(
                        Map.of("version_id", v2, "percentage", 90), Map.of("version_id", v1, "percentage", 10)),
                        "annotations", Map.of("workers/message", "")))
                .post(base(slug) + "/scripts/hello/deployments").then().statusCode(200).body("result.id", notNullValue());
        as(owner).get(Api.env(slug, "hello", "production")).then().body("deployment.versions", hasSize(2));
        cf(owner).contentType(ContentType.JSON).body(Map.of("strategy", "percentage", "versions", List.of(
                        Map.of("version_id", v1, "percentage", 100)), "annotations", Map.of("workers/message", "back")))
                .post(base(slug) + "/scripts/hello/deployments").then().statusCode(200);
        cf(owner).get(base(slug) + "/scripts/hello/deployments").then().statusCode(200)
                .body("result.deployments", hasSize(3))
                .body("result.deployments[0].annotations.'workers/triggered_by'", equalTo("rollback"))
                .body("result.deployments[0].annotations.'workers/message'", equalTo("back"))
                .body("result.deployments[1].versions", hasSize(2));
        cf(owner).contentType(ContentType.JSON).body(Map.of("versions", List.of(Map.of("version_id", v1, "percentage", 50.5))))
                .post(base(slug) + "/scripts/hello/deployments").then().statusCode(400).body("errors[0].code", equalTo(10021));

        // secrets: refused while the latest version is not deployed (10215), else a new deployed version
        cf(owner).contentType(ContentType.JSON).body(Map.of("name", "API_KEY", "text", "s3cr3t", "type", "secret_text"))
                .put(base(slug) + "/scripts/hello/secrets").then().statusCode(400).body("errors[0].code", equalTo(10215));
        cf(owner).contentType(ContentType.JSON).body(Map.of("versions", List.of(Map.of("version_id", v2, "percentage", 100))))
                .post(base(slug) + "/scripts/hello/deployments").then().statusCode(200);
        cf(owner).contentType(ContentType.JSON).body(Map.of("name", "API_KEY", "text", "s3cr3t", "type", "secret_text"))
                .put(base(slug) + "/scripts/hello/secrets").then().statusCode(200).body("result.name", equalTo("API_KEY"));
        cf(owner).get(base(slug) + "/scripts/hello/secrets").then().statusCode(200)
                .body("result[0].name", equalTo("API_KEY")).body("result[0].type", equalTo("secret_text"))
                .body(not(containsString("s3cr3t")));
        as(owner).get(Api.env(slug, "hello", "production")).then().body("latest_version", equalTo(3))
                .body("deployment.versions[0].number", equalTo(3));
        // a later deploy (no secrets in the upload) keeps the secret
        String v4 = upload(owner, metadata("third", ",{\"name\":\"CACHE\",\"type\":\"inherit\"}", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .post(base(slug) + "/scripts/hello/versions?bindings_inherit=strict").then().statusCode(200).extract().path("result.id");
        as(owner).get(Api.env(slug, "hello", "production") + "/versions/4").then().body("secrets", equalTo(List.of("API_KEY")));
        cf(owner).delete(base(slug) + "/scripts/hello/secrets/API_KEY").then().statusCode(400).body("errors[0].code", equalTo(10215));
        cf(owner).contentType(ContentType.JSON).body(Map.of("versions", List.of(Map.of("version_id", v4, "percentage", 100))))
                .post(base(slug) + "/scripts/hello/deployments").then().statusCode(200);
        cf(owner).delete(base(slug) + "/scripts/hello/secrets/API_KEY").then().statusCode(200).body("success", equalTo(true));
        as(owner).get(Api.env(slug, "hello", "production") + "/versions/5").then().body("secrets", equalTo(List.of()));
        cf(owner).contentType(ContentType.JSON).body(Map.of("name", "X", "text", "y", "type", "secret_text"))
                .put(base(slug) + "/scripts/nothing-here/secrets").then().statusCode(404).body("errors[0].code", equalTo(10007));

        // --env staging: script hello-staging of a grouped service is environment staging, cloned from production
        upload(owner, metadata("hello from staging", kvBinding, ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello-staging?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        as(owner).get(Api.env(slug, "hello", "staging") + "/versions").then().statusCode(200).body("", hasSize(2))
                .body("[1].annotations.message", containsString("cloned from production"));
        as(owner).get(Api.env(slug, "hello", "staging") + "/versions/2").then().body("vars.GREETING", equalTo("hello from staging"));
        cf(owner).contentType(ContentType.JSON).body("{\"tags\":[\"cf:service=hello\",\"cf:environment=staging\"]}")
                .patch(base(slug) + "/scripts/hello-staging/script-settings").then().statusCode(200);
        // tags naming another place are refused, naming both
        cf(owner).contentType(ContentType.JSON).body("{\"tags\":[\"cf:service=other\",\"cf:environment=staging\"]}")
                .patch(base(slug) + "/scripts/hello-staging/script-settings").then().statusCode(400)
                .body("errors[0].message", containsString("of service 'hello'"));
        // a plain service whose name has '-' (no grouped prefix) is a service of its own
        upload(owner, metadata("auth", "", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/auth-worker?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        as(owner).get(Api.env(slug, "auth-worker", "production")).then().statusCode(200).body("latest_version", equalTo(1));

        // workers.dev flags and the account subdomain (the generated hostnames)
        cf(owner).contentType(ContentType.JSON).body("{\"enabled\":false}").post(base(slug) + "/scripts/hello/subdomain")
                .then().statusCode(200).body("result.enabled", equalTo(false));
        cf(owner).get(base(slug) + "/scripts/hello/subdomain").then().body("result.enabled", equalTo(false))
                .body("result.previews_enabled", equalTo(false));
        cf(owner).get(base(slug) + "/subdomain").then().statusCode(200).body("result.subdomain", equalTo(slug + ".localhost"));

        // what Edgeworks does not offer here: the envelope, saying what to use instead
        cf(owner).contentType(ContentType.JSON).body("{\"manifest\":{}}").post(base(slug) + "/scripts/hello/assets-upload-session")
                .then().statusCode(400).body("errors[0].message", containsString("static assets"));
        upload(owner, "{\"body_part\":\"index.js\"}", Map.of("index.js", INDEX)).put(base(slug) + "/scripts/hello")
                .then().statusCode(400).body("errors[0].message", containsString("ES modules"));
        // a syntax error from our module checks arrives in the envelope too
        upload(owner, metadata("x", "", ""), Map.of("index.js", "export default {", "lib/util.js", UTIL))
                .post(base(slug) + "/scripts/hello/versions").then().statusCode(400)
                .contentType(ContentType.JSON).body("success", equalTo(false)).body("errors[0].code", equalTo(10021));
    }

    @Test
    void tenancyAuthenticationAndOnlyClientV4UsesTheEnvelope() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String stranger = Api.user();
        String viewer = Api.user();
        Api.member(owner, slug, viewer, "viewer");

        given().get("/client/v4/user").then().statusCode(401).body("success", equalTo(false)).body("errors[0].code", equalTo(10000));
        cf(stranger).get(base(slug) + "/scripts/hello/settings").then().statusCode(404).body("success", equalTo(false));
        upload(viewer, metadata("x", "", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello").then().statusCode(403).body("errors[0].code", equalTo(9109));
        given().get("/api/accounts/" + slug).then().statusCode(401).contentType("application/problem+json");
        cf(owner).get("/client/v4/accounts/" + slug + "/no-such-thing").then().statusCode(404).body("success", equalTo(false));
        // settings and flags of a script nobody uploaded: 10007, nothing is created
        cf(owner).contentType(ContentType.JSON).body("{\"tags\":[\"cf:service=ghost\"]}").patch(base(slug) + "/scripts/ghost/script-settings")
                .then().statusCode(404).body("errors[0].code", equalTo(10007));
        cf(owner).contentType(ContentType.JSON).body("{\"enabled\":true}").post(base(slug) + "/scripts/ghost/subdomain")
                .then().statusCode(404).body("errors[0].code", equalTo(10007));
        as(owner).get("/api/accounts/" + slug + "/services").then().statusCode(200).body("", hasSize(0));

        cf(owner).get("/client/v4/user/tokens/verify").then().statusCode(200).body("result.status", equalTo("active"))
                .body("result.id", notNullValue());
        cf(owner).get("/client/v4/user").then().statusCode(200).body("result.email", equalTo(owner));
        cf(owner).get("/client/v4/accounts?page=1").then().statusCode(200).body("result[0].id", equalTo(slug))
                .body("result_info.total_count", equalTo(1));
        cf(owner).get("/client/v4/memberships?page=1").then().statusCode(200).body("result[0].account.id", equalTo(slug))
                .body("result[0].roles[0]", equalTo("owner"));
        cf(owner).get("/client/v4/zones?name=example.com&account.id=" + slug).then().statusCode(200).body("result", hasSize(0));
    }

    @Test
    void zonesAreActiveDomainsAndRoutesAreReplacedWholesale() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String domain = slug + ".example";
        upload(owner, metadata("x", "", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        Api.claimDomain(owner, slug, domain);
        cf(owner).get("/client/v4/zones?name=" + domain + "&account.id=" + slug).then().statusCode(200).body("result", hasSize(0));
        as(owner).delete("/api/accounts/" + slug + "/domains/" + domain).then().statusCode(204);
        Api.verifiedDomain(owner, slug, domain);
        cf(owner).get("/client/v4/zones?name=" + domain + "&account.id=" + slug).then().statusCode(200)
                .body("result", hasSize(1)).body("result[0].id", equalTo(domain));

        cf(owner).contentType(ContentType.JSON).body(List.of(Map.of("pattern", "api." + domain + "/*", "zone_name", domain)))
                .put(base(slug) + "/scripts/hello/routes").then().statusCode(200).body("result[0].pattern", equalTo("api." + domain + "/*"));
        cf(owner).get("/client/v4/zones/" + domain + "/workers/routes").then().statusCode(200)
                .body("result", hasSize(1)).body("result[0].script", equalTo("hello"));
        // the same PUT again changes nothing; another set replaces it
        cf(owner).contentType(ContentType.JSON).body(List.of(Map.of("pattern", "api." + domain + "/*", "zone_name", domain)))
                .put(base(slug) + "/scripts/hello/routes").then().statusCode(200);
        cf(owner).contentType(ContentType.JSON).body(List.of(Map.of("pattern", "www." + domain + "/*", "zone_name", domain)))
                .put(base(slug) + "/scripts/hello/routes").then().statusCode(200).body("result", hasSize(1));
        as(owner).get("/api/accounts/" + slug + "/routes").then().statusCode(200)
                .body("", hasSize(1)).body("[0].pattern", equalTo("www." + domain + "/*")).body("[0].service", equalTo("hello"));
        as(owner).get("/api/accounts/" + slug + "/audit").then().statusCode(200)
                .body("action", org.hamcrest.Matchers.hasItems("route.create", "route.delete", "version.create", "service.create"));

        cf(owner).contentType(ContentType.JSON).body(List.of(Map.of("pattern", "shop." + domain, "custom_domain", true)))
                .put(base(slug) + "/scripts/hello/routes").then().statusCode(400).body("errors[0].message", containsString("custom_domain"));
        cf(owner).contentType(ContentType.JSON).body(List.of(Map.of("pattern", "elsewhere.example.org/*")))
                .put(base(slug) + "/scripts/hello/routes").then().statusCode(400).body("success", equalTo(false));
        cf(owner).get("/client/v4/zones/not-held.example/workers/routes").then().statusCode(404).body("success", equalTo(false));
    }

    @Test
    void accountApiTokensWorkAsCloudflareApiTokensWithTheirScopes() {
        String owner = Api.user();
        String slug = Api.account(owner);
        upload(owner, metadata("x", "", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        cf(owner).contentType(ContentType.JSON).body("{\"tags\":[\"cf:service=hello\"]}")
                .patch(base(slug) + "/scripts/hello/script-settings").then().statusCode(200);
        var created = as(owner).body(Map.of("name", "ci", "scopes", List.of("deploy:staging"), "ttl", "30d"))
                .post("/api/accounts/" + slug + "/tokens").then().statusCode(201).extract();
        String id = created.path("id");
        String token = created.path("token");

        given().auth().oauth2(token).get("/client/v4/user/tokens/verify").then().statusCode(200)
                .body("result.id", equalTo(id)).body("result.status", equalTo("active"))
                .body("result.expires_on", equalTo(created.path("expires_at")));
        // deploy:staging: --env staging deploys (the environment is created from production), production is refused
        given().auth().oauth2(token).multiPart("metadata", metadata("staging", "", "")).multiPart(new MultiPartSpecBuilder(
                        INDEX.getBytes(StandardCharsets.UTF_8)).controlName("index.js").fileName("index.js").mimeType("application/javascript+module").build())
                .multiPart(new MultiPartSpecBuilder(UTIL.getBytes(StandardCharsets.UTF_8)).controlName("lib/util.js").fileName("lib/util.js")
                        .mimeType("application/javascript+module").build())
                .put(base(slug) + "/scripts/hello-staging?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        as(owner).get(Api.env(slug, "hello", "staging") + "/versions/2").then().statusCode(200).body("vars.GREETING", equalTo("staging"));
        given().auth().oauth2(token).multiPart("metadata", metadata("prod", "", "")).multiPart(new MultiPartSpecBuilder(
                        INDEX.getBytes(StandardCharsets.UTF_8)).controlName("index.js").fileName("index.js").mimeType("application/javascript+module").build())
                .multiPart(new MultiPartSpecBuilder(UTIL.getBytes(StandardCharsets.UTF_8)).controlName("lib/util.js").fileName("lib/util.js")
                        .mimeType("application/javascript+module").build())
                .post(base(slug) + "/scripts/hello/versions").then().statusCode(403).body("errors[0].code", equalTo(9109))
                .body("errors[0].message", containsString("staging"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"enabled\":false}").post(base(slug) + "/scripts/hello/subdomain")
                .then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"enabled\":false}").post(base(slug) + "/scripts/hello-staging/subdomain")
                .then().statusCode(200);
        as(owner).get("/api/accounts/" + slug + "/audit").then().statusCode(200).body(containsString(id));
    }

    @Test
    void wranglerTailStartsALiveTailOfTheScriptsEnvironmentWithTheTailScope() {
        String owner = Api.user();
        String slug = Api.account(owner);
        upload(owner, metadata("x", "", ""), Map.of("index.js", INDEX, "lib/util.js", UTIL))
                .put(base(slug) + "/scripts/hello?excludeScript=true&bindings_inherit=strict").then().statusCode(200);
        String tails = base(slug) + "/scripts/hello/tails";

        // wrangler sends its filters as text/plain; the answer's url is the socket and its credential
        var started = cf(owner).contentType(ContentType.TEXT).body("{\"filters\":[{\"method\":[\"GET\"]},{\"sampling_rate\":0.5}]}")
                .post(tails).then().statusCode(200).body("success", equalTo(true))
                .body("result.url", org.hamcrest.Matchers.matchesPattern("ws://.+/tails/[A-Za-z0-9_-]{43}"))
                .body("result.expires_at", org.hamcrest.Matchers.notNullValue()).extract();
        String id = started.path("result.id");
        as(owner).get("/api/accounts/" + slug + "/audit").then().body("action", org.hamcrest.Matchers.hasItem("tail.start"));
        cf(owner).contentType(ContentType.TEXT).body("{\"filters\":[{\"outcome\":[\"bogus\"]}]}").post(tails)
                .then().statusCode(400).body("success", equalTo(false)).body("errors[0].message", containsString("bogus"));
        cf(owner).delete(tails + "/" + id).then().statusCode(200).body("success", equalTo(true));
        cf(owner).delete(tails + "/" + id).then().statusCode(404).body("success", equalTo(false));
        cf(owner).contentType(ContentType.TEXT).body("{}").post(base(slug) + "/scripts/nothing-here/tails")
                .then().statusCode(404).body("errors[0].code", equalTo(10007));

        // API tokens: scope tail may tail but not deploy; a deploy token may not tail
        String tailOnly = as(owner).body(Map.of("name", "tail", "scopes", List.of("tail")))
                .post("/api/accounts/" + slug + "/tokens").then().statusCode(201).extract().path("token");
        String deployOnly = as(owner).body(Map.of("name", "deploy", "scopes", List.of("deploy")))
                .post("/api/accounts/" + slug + "/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(tailOnly).contentType(ContentType.TEXT).body("{\"filters\":[]}").post(tails).then().statusCode(200)
                .body("result.url", containsString("/tails/"));
        given().auth().oauth2(tailOnly).multiPart("metadata", metadata("y", "", "")).multiPart(new MultiPartSpecBuilder(
                        INDEX.getBytes(StandardCharsets.UTF_8)).controlName("index.js").fileName("index.js").mimeType("application/javascript+module").build())
                .multiPart(new MultiPartSpecBuilder(UTIL.getBytes(StandardCharsets.UTF_8)).controlName("lib/util.js").fileName("lib/util.js")
                        .mimeType("application/javascript+module").build())
                .post(base(slug) + "/scripts/hello/versions").then().statusCode(403);
        given().auth().oauth2(deployOnly).contentType(ContentType.TEXT).body("{\"filters\":[]}").post(tails).then().statusCode(403)
                .body("errors[0].message", containsString("tail"));
    }

    @Test
    void kvNamespacesAndValues() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String kv = "/client/v4/accounts/" + slug + "/storage/kv/namespaces";
        // the SDK's headers (api-version, x-stainless-*) change nothing
        String id = cf(owner).contentType(ContentType.JSON).header("api-version", "2026-12-02").header("x-stainless-retry-count", "0")
                .body(Map.of("title", "my-ns")).post(kv).then().statusCode(200).body("result.title", equalTo("my-ns"))
                .extract().path("result.id");
        cf(owner).get(kv + "?page=1&per_page=20").then().statusCode(200).body("result", hasSize(1)).body("result[0].id", equalTo(id));
        cf(owner).get(kv + "?page=2&per_page=20").then().statusCode(200).body("result", hasSize(0));

        cf(owner).contentType("text/plain;charset=UTF-8").body("v1").put(kv + "/" + id + "/values/greeting").then().statusCode(200)
                .body("success", equalTo(true));
        String raw = cf(owner).header("User-Agent", "undici").get(kv + "/" + id + "/values/greeting").then().statusCode(200)
                .extract().asString();
        assertEquals("v1", raw);
        cf(owner).get(kv + "/" + id + "/keys").then().statusCode(200).body("result[0].name", equalTo("greeting"));
        cf(owner).delete(kv + "/" + id + "/values/greeting").then().statusCode(200);
        cf(owner).get(kv + "/" + id + "/values/greeting").then().statusCode(404).body("success", equalTo(false));
        cf(owner).get(kv + "/0f2ac74b498b48028cb68387c421e279/values/greeting").then().statusCode(404)
                .body("errors[0].code", equalTo(10009));
        cf(owner).contentType("text/plain").body("x").put(kv + "/" + id + "/values/k?expiration_ttl=60").then().statusCode(400)
                .body("errors[0].message", containsString("expiry"));
    }
}
