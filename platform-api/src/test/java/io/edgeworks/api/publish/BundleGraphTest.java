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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    @Inject
    PublishKeys keys;

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

    private static JsonObject following(String name, String service) {
        return new JsonObject().put("type", "service").put("name", name).put("service", service);
    }

    private static Binding.Service bindingOf(Bundle bundle, EnvironmentRef env, int version, String name) {
        return bundle.environments().stream().filter(e -> e.ref().equals(env)).findFirst().orElseThrow().versions().stream()
                .filter(v -> v.number() == version).findFirst().orElseThrow().bindings().stream()
                .filter(b -> b.name().equals(name)).map(Binding.Service.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aFollowingBindingLandsOnTheSameNamedDeployedEnvironmentElseProduction() {
        var acme = fixtures.account("follow");
        var gateway = fixtures.service(acme, "gateway");
        var gatewayStaging = fixtures.environment(acme, gateway, "staging");
        var auth = fixtures.service(acme, "auth");
        fixtures.version(gateway, 1, bindings(following("AUTH", "auth")));
        fixtures.version(gatewayStaging, 1, bindings(following("AUTH", "auth")));
        fixtures.version(auth, 1, new JsonArray());
        fixtures.deploy(gateway, 1);
        fixtures.deploy(gatewayStaging, 1);
        fixtures.deploy(auth, 1);
        EnvironmentRef staging = new EnvironmentRef(acme.slug(), "gateway", "staging");

        Bundle before = bundles(acme).get(staging);
        assertEquals(new Binding.Service("AUTH", "auth", "production"), bindingOf(before, staging, 1, "AUTH"));
        assertEquals(List.of("auth", "gateway/staging"), members(before));

        // auth/staging created: not deployed yet, it does not count
        var authStaging = fixtures.environment(acme, auth, "staging");
        assertEquals("production", bindingOf(bundles(acme).get(staging), staging, 1, "AUTH").environment());

        // deployed: the same version of gateway/staging now reaches it, gateway/production still production
        fixtures.version(authStaging, 1, new JsonArray());
        fixtures.deploy(authStaging, 1);
        Map<EnvironmentRef, Bundle> after = bundles(acme);
        assertEquals(new Binding.Service("AUTH", "auth", "staging"), bindingOf(after.get(staging), staging, 1, "AUTH"));
        assertEquals(List.of("auth/staging", "gateway/staging"), members(after.get(staging)));
        assertEquals(List.of("auth", "gateway"), members(after.get(ref(acme, "gateway"))));
        assertEquals(before.rootEnvironment().versions().getFirst().digest(), after.get(staging).rootEnvironment().versions().getFirst().digest(),
                "the version is the same, only its resolution changed");
    }

    @Test
    void aPinnedVersionTravelsWithItsTargetAndItsOwnBindingsAreReachable() {
        var acme = fixtures.account("pin");
        var gateway = fixtures.service(acme, "gateway");
        var auth = fixtures.service(acme, "auth");
        var users = fixtures.service(acme, "users");
        var usersV2 = fixtures.service(acme, "users-v2");
        fixtures.version(gateway, 1, bindings(following("AUTH", "auth").put("version", 1), following("AUTH_LIVE", "auth")));
        fixtures.version(auth, 1, bindings(following("USERS", "users")));
        fixtures.version(auth, 2, bindings(following("USERS", "users-v2")));
        fixtures.version(users, 1, new JsonArray());
        fixtures.version(usersV2, 1, new JsonArray());
        for (var env : List.of(gateway, users, usersV2)) {
            fixtures.deploy(env, 1);
        }
        fixtures.deploy(auth, 2);

        Map<EnvironmentRef, Bundle> bundles = bundles(acme);
        Bundle bundle = bundles.get(ref(acme, "gateway"));

        EnvironmentSpec authSpec = bundle.environments().stream().filter(e -> e.ref().equals(ref(acme, "auth"))).findFirst().orElseThrow();
        assertEquals(List.of(1, 2), authSpec.versions().stream().map(v -> v.number()).toList(), "the pinned version 1 beside the deployed 2");
        assertEquals(List.of(2), authSpec.deployment().versions().stream().map(s -> s.number()).toList());
        assertEquals(new Binding.Service("AUTH", "auth", "production", 1, null), bindingOf(bundle, ref(acme, "gateway"), 1, "AUTH"));
        assertEquals(List.of("auth", "gateway", "users-v2", "users"), members(bundle), "users is reached only through the pinned version (by key: - before /)");
        assertEquals(authSpec, bundles.get(ref(acme, "auth")).rootEnvironment(), "every bundle carries the same spec of auth");
    }

    @Test
    void anEnvironmentThatTurnedOverridesOffSaysSoInItsSpec() {
        var acme = fixtures.account("overrides");
        var a = fixtures.service(acme, "a");
        fixtures.version(a, 1, new JsonArray());
        fixtures.deploy(a, 1);
        assertTrue(bundles(acme).get(ref(acme, "a")).rootEnvironment().versionOverrides());
        fixtures.exec("update environments set version_overrides = false where id = $1", a.id());
        assertFalse(bundles(acme).get(ref(acme, "a")).rootEnvironment().versionOverrides());
    }

    @Test
    void anUnchangedBundleKeepsItsSignedEnvelopeAndAChangedOneIsSignedAgain() {
        var acme = fixtures.account("signed");
        var a = fixtures.service(acme, "a");
        var b = fixtures.service(acme, "b");
        var c = fixtures.service(acme, "c");
        fixtures.version(a, 1, bindings(serviceBinding("B", "b", "production")));
        fixtures.version(b, 1, new JsonArray());
        fixtures.version(c, 1, new JsonArray());
        for (var env : List.of(a, b, c)) {
            fixtures.deploy(env, 1);
        }
        var signedA = builder.signed(ref(acme, "a"), bundles(acme).get(ref(acme, "a")));
        var signedC = builder.signed(ref(acme, "c"), bundles(acme).get(ref(acme, "c")));

        fixtures.version(b, 2, new JsonArray());
        fixtures.deploy(b, 2);
        Map<EnvironmentRef, Bundle> after = bundles(acme);

        assertSame(signedC, builder.signed(ref(acme, "c"), after.get(ref(acme, "c"))),
                "c's bundle did not change (a new but equal Bundle): its envelope is reused, not signed again");
        var resignedA = builder.signed(ref(acme, "a"), after.get(ref(acme, "a")));
        assertNotEquals(signedA.digest(), resignedA.digest(), "a carries b, which changed: signed again");
        for (EnvironmentRef root : List.of(ref(acme, "a"), ref(acme, "c"))) {
            assertArrayEquals(keys.signer().sign(after.get(root)).toBytes(), builder.signed(root, after.get(root)).toBytes(),
                    "what is published for " + root + " is exactly what signing its current bundle gives");
        }
    }
}
