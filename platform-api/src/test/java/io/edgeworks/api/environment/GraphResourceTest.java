package io.edgeworks.api.environment;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code GET …/environments/{e}/graph}: the environments an environment reaches through service bindings, transitively,
 * each binding resolved as publication resolves it (following, pinned, with an entrypoint), split deployments with their
 * percentages, a cycle visited once; tenancy as every read.
 */
@QuarkusTest
class GraphResourceTest {

    @Test
    void theGraphWalksBindingsTransitivelyWithSplitsPinsEntrypointsAndCycles() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "store");
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "gateway");
        Api.deployCode(owner, slug, "store", "production", Api.HELLO);
        Api.deployCode(owner, slug, "store", "production", Api.HELLO.replace("hello", "hello 2"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 90), Map.of("number", 2, "percentage", 10))))
                .post(Api.env(slug, "store", "production") + "/deployments").then().statusCode(201);
        Api.postVersion(owner, slug, "auth", "production", Map.of("modules", Map.of("worker.js", Api.HELLO), "bindings", List.of(
                Map.of("type", "service", "name", "STORE", "service", "store", "environment", "production", "version", 1,
                        "entrypoint", "StoreApi")))).then().statusCode(201);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO), "bindings", List.of(
                Map.of("type", "service", "name", "AUTH", "service", "auth")))).then().statusCode(201);
        // a cycle: auth calls back into the gateway
        Api.postVersion(owner, slug, "auth", "production", Map.of("bindings", List.of(
                Map.of("type", "service", "name", "STORE", "service", "store", "environment", "production", "version", 1,
                        "entrypoint", "StoreApi"),
                Map.of("type", "service", "name", "BACK", "service", "gateway", "environment", "production")))).then().statusCode(201);

        as(owner).get(Api.env(slug, "gateway", "production") + "/graph").then().statusCode(200)
                .body("root", equalTo("gateway/production"))
                .body("truncated", equalTo(false))
                .body("nodes.id", contains("gateway/production", "auth/production", "store/production"))
                .body("nodes[0].hostname", equalTo("gateway." + slug + ".localhost"))
                .body("nodes[0].exists", equalTo(true))
                .body("nodes[0].versions[0].number", equalTo(1))
                .body("nodes[0].versions[0].percentage", equalTo(100))
                .body("nodes[1].versions[0].number", equalTo(2))
                .body("nodes[2].versions.number", contains(1, 2))
                .body("nodes[2].versions.percentage", contains(90, 10))
                .body("edges", hasSize(3))
                .body("edges.find { it.name == 'AUTH' }.from", equalTo("gateway/production"))
                .body("edges.find { it.name == 'AUTH' }.to", equalTo("auth/production"))
                .body("edges.find { it.name == 'AUTH' }.follows", equalTo(true))
                .body("edges.find { it.name == 'AUTH' }.in_version", equalTo(1))
                .body("edges.find { it.name == 'AUTH' }.version", nullValue())
                .body("edges.find { it.name == 'AUTH' }.entrypoint", nullValue())
                .body("edges.find { it.name == 'STORE' }.from", equalTo("auth/production"))
                .body("edges.find { it.name == 'STORE' }.to", equalTo("store/production"))
                .body("edges.find { it.name == 'STORE' }.follows", equalTo(false))
                .body("edges.find { it.name == 'STORE' }.in_version", equalTo(2))
                .body("edges.find { it.name == 'STORE' }.version", equalTo(1))
                .body("edges.find { it.name == 'STORE' }.entrypoint", equalTo("StoreApi"))
                .body("edges.find { it.name == 'STORE' }.versions[0].number", equalTo(1))
                .body("edges.find { it.name == 'STORE' }.versions[0].percentage", equalTo(100))
                .body("edges.find { it.name == 'BACK' }.from", equalTo("auth/production"))
                .body("edges.find { it.name == 'BACK' }.to", equalTo("gateway/production"));

        // a leaf: only itself; an environment that is not deployed: no versions
        as(owner).get(Api.env(slug, "store", "production") + "/graph").then().statusCode(200)
                .body("nodes.id", contains("store/production")).body("edges", hasSize(0));
        as(owner).body(Map.of("name", "staging")).post(Api.envs(slug, "gateway")).then().statusCode(201);
        as(owner).get(Api.env(slug, "gateway", "staging") + "/graph").then().statusCode(200)
                .body("nodes[0].versions", hasSize(0)).body("edges", hasSize(0));
    }

    @Test
    void anotherAccountGets404LikeEveryRead() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        String graph = Api.env(slug, "hello", "production") + "/graph";
        as(owner).get(graph).then().statusCode(200);

        String stranger = Api.user();
        Api.account(stranger);
        as(stranger).get(graph).then().statusCode(404);
        as(owner).get(Api.env(slug, "hello", "nope") + "/graph").then().statusCode(404);
        as(owner).get(Api.env(slug, "nope", "production") + "/graph").then().statusCode(404);
    }
}
