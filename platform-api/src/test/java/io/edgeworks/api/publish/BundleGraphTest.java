package io.edgeworks.api.publish;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.edgeworks.api.publish.Fixtures.bindings;
import static io.edgeworks.api.publish.Fixtures.serviceBinding;
import static io.edgeworks.api.publish.Fixtures.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Which environments each bundle carries, computed from rows in PostgreSQL. */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class BundleGraphTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    PublishRepository repository;
    @Inject
    BundleBuilder builder;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(pool, vault);
    }

    private Map<EnvironmentRef, Bundle> bundles(Fixtures.Account account) {
        return builder.bundles(pool.withConnection(c -> repository.loadAccount(c, account.slug()))
                .await().atMost(Duration.ofSeconds(10)).orElseThrow());
    }

    private static List<String> members(Bundle bundle) {
        return bundle.environments().stream().map(e -> e.ref().environment().equals("production")
                ? e.ref().service() : e.ref().service() + "/" + e.ref().environment()).toList();
    }

    private static EnvironmentRef ref(Fixtures.Account account, String service) {
        return new EnvironmentRef(account.slug(), service, "production");
    }

    @Test
    void chainCarriesEverythingDownstream() {
        var acme = fixtures.account("chain");
        var a = fixtures.service(acme, "a");
        var b = fixtures.service(acme, "b");
        var c = fixtures.service(acme, "c");
        fixtures.version(a, 1, bindings(serviceBinding("B", "b", "production")));
        fixtures.version(b, 1, bindings(serviceBinding("C", "c", "production")));
        fixtures.version(c, 1, new JsonArray());
        fixtures.deploy(a, 1);
        fixtures.deploy(b, 1);
        fixtures.deploy(c, 1);

        Map<EnvironmentRef, Bundle> bundles = bundles(acme);

        assertEquals(List.of("a", "b", "c"), members(bundles.get(ref(acme, "a"))));
        assertEquals(List.of("b", "c"), members(bundles.get(ref(acme, "b"))));
        assertEquals(List.of("c"), members(bundles.get(ref(acme, "c"))));
    }

    @Test
    void environmentThatCannotBeBuiltIsLeftOutWithoutBlockingTheOthers() {
        var acme = fixtures.account("unbuildable");
        var good = fixtures.service(acme, "good");
        var broken = fixtures.service(acme, "broken");
        fixtures.version(good, 1, bindings(serviceBinding("BROKEN", "broken", "production")));
        UUID brokenVersion = fixtures.version(broken, 1, "export default { fetch() { return new Response('x'); } }",
                new JsonArray(), Map.of("TOKEN", "s3cr3t"));
        fixtures.breakSecret(brokenVersion, "TOKEN");
        fixtures.deploy(good, 1);
        fixtures.deploy(broken, 1);

        Map<EnvironmentRef, Bundle> bundles = bundles(acme);

        assertEquals(List.of(ref(acme, "good")), List.copyOf(bundles.keySet()));
        assertEquals(List.of("good"), members(bundles.get(ref(acme, "good"))));
        AccountManifest state = builder.draft(pool.withConnection(c -> repository.loadAccount(c, acme.slug()))
                .await().atMost(Duration.ofSeconds(10))).orElseThrow().manifest();
        assertEquals(List.of(ref(acme, "good").key()), List.copyOf(state.environments().keySet()));
        assertEquals(List.of(good.hostname()), List.copyOf(state.hostnames().keySet()), "no hostname without a bundle");
    }

    @Test
    void cycleIsIncludedOnce() {
        var acme = fixtures.account("cycle");
        var a = fixtures.service(acme, "a");
        var b = fixtures.service(acme, "b");
        fixtures.version(a, 1, bindings(serviceBinding("B", "b", "production")));
        fixtures.version(b, 1, bindings(serviceBinding("A", "a", "production"), serviceBinding("SELF", "b", "production")));
        fixtures.deploy(a, 1);
        fixtures.deploy(b, 1);

        Map<EnvironmentRef, Bundle> bundles = bundles(acme);

        assertEquals(List.of("a", "b"), members(bundles.get(ref(acme, "a"))));
        assertEquals(List.of("a", "b"), members(bundles.get(ref(acme, "b"))));
        assertEquals(ref(acme, "b"), bundles.get(ref(acme, "b")).root());
    }

    @Test
    void splitDeploymentFollowsTheBindingsOfBothVersions() {
        var acme = fixtures.account("split");
        var front = fixtures.service(acme, "front");
        var oldAuth = fixtures.service(acme, "old-auth");
        var newAuth = fixtures.service(acme, "new-auth");
        var unused = fixtures.service(acme, "unused");
        fixtures.version(front, 1, bindings(serviceBinding("AUTH", "old-auth", "production")));
        fixtures.version(front, 2, bindings(serviceBinding("AUTH", "new-auth", "production")));
        fixtures.version(front, 3, bindings(serviceBinding("AUTH", "unused", "production")));
        fixtures.version(oldAuth, 1, new JsonArray());
        fixtures.version(newAuth, 1, new JsonArray());
        fixtures.version(unused, 1, new JsonArray());
        fixtures.deploy(oldAuth, 1);
        fixtures.deploy(newAuth, 1);
        fixtures.deploy(unused, 1);
        fixtures.deploy(front, 3);
        fixtures.deploy(front, new JsonArray().add(split(1, 90)).add(split(2, 10)));

        Bundle bundle = bundles(acme).get(ref(acme, "front"));

        assertEquals(List.of("front", "new-auth", "old-auth"), members(bundle), "the current (newest) deployment counts, both its versions");
        EnvironmentSpec root = bundle.rootEnvironment();
        assertEquals(List.of(1, 2), root.versions().stream().map(v -> v.number()).toList());
        assertEquals(90, root.deployment().versions().getFirst().percentage());
    }

    @Test
    void boundButNeverDeployedEnvironmentIsLeftOut() {
        var acme = fixtures.account("undeployed");
        var a = fixtures.service(acme, "a");
        var b = fixtures.service(acme, "b");
        var bStaging = fixtures.environment(acme, b, "staging");
        fixtures.version(a, 1, bindings(serviceBinding("B", "b", "staging"), serviceBinding("BPROD", "b", "production")));
        fixtures.version(bStaging, 1, new JsonArray());
        fixtures.deploy(a, 1);
        fixtures.deploy(bStaging, 1);

        Map<EnvironmentRef, Bundle> bundles = bundles(acme);

        assertEquals(List.of("a", "b/staging"), members(bundles.get(ref(acme, "a"))), "b/production was never deployed");
        assertFalse(bundles.containsKey(ref(acme, "b")));
        assertEquals(2, bundles.size());
    }

    @Test
    void kvBindingCarriesTheNamespaceId() {
        var acme = fixtures.account("kv");
        var a = fixtures.service(acme, "a");
        String namespaceId = UUID.randomUUID().toString();
        fixtures.version(a, 1, bindings(new JsonObject().put("type", "kv").put("name", "CACHE").put("namespace", "cache").put("namespace_id", namespaceId)));
        fixtures.deploy(a, 1);

        Bundle bundle = bundles(acme).get(ref(acme, "a"));

        assertEquals(List.of(new Binding.Kv("CACHE", "cache", namespaceId)), bundle.rootEnvironment().versions().getFirst().bindings());
    }
}
