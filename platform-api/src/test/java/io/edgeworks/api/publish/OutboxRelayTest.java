package io.edgeworks.api.publish;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretSealer;
import io.edgeworks.bundle.SignedBundle;
import io.quarkus.redis.datasource.RedisDataSource;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.edgeworks.api.publish.Fixtures.bindings;
import static io.edgeworks.api.publish.Fixtures.serviceBinding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(PublishTestProfile.class)
class OutboxRelayTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;
    @Inject
    PublishKeys keys;

    Fixtures fixtures;
    RedisState redis;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(pool, vault);
        redis = new RedisState(redisDataSource);
    }

    @Test
    void outboxRowIsPublishedAsBundleStateSequenceAndNotice() {
        try (Notices notices = new Notices(redisDataSource)) {
            var acme = fixtures.account("acme");
            var hello = fixtures.service(acme, "hello");
            fixtures.version(hello, 1, new JsonArray());
            fixtures.deploy(hello, 1);
            long before = redis.sequence();

            fixtures.changed(acme);

            String key = acme.slug() + "/hello/production";
            Notice notice = notices.awaitEnvironment(key);
            assertEquals(List.of(acme.slug()), notice.accounts());
            assertFalse(notice.full());
            assertTrue(notice.sequence() > before, "sequence advanced");
            assertTrue(redis.sequence() >= notice.sequence());

            String digest = redis.digest(key);
            byte[] envelope = redis.envelope(digest);
            assertEquals(digest, SignedBundle.fromBytes(envelope).digest(), "content-addressed by the payload digest");
            assertEquals(-1, redis.ttl(digest), "the current bundle does not expire");
            Bundle bundle = RedisState.VERIFIER.verify(envelope);
            assertEquals(key, bundle.root().key());
            EnvironmentSpec root = bundle.rootEnvironment();
            assertEquals(hello.hostname(), root.hostname());
            assertEquals(1, root.versions().getFirst().number());
            assertEquals("hi 1", root.versions().getFirst().vars().get("GREETING"));
            AccountManifest manifest = redis.manifest(acme.slug());
            assertEquals(Map.of(key, digest), manifest.environments(), "the signed manifest names the bundle");
            assertEquals(Map.of(hello.hostname(), key), manifest.hostnames());
            assertEquals(bundle.rootEnvironment().deployment().sequence(), (long) fixtures.single(
                    "select max(d.seq) from deployments d join environments e on e.id = d.environment_id where e.hostname = $1", hello.hostname()),
                    "the bundle carries its deployment's sequence (edge nodes refuse older ones)");
            RedisState.awaitTrue("outbox row marked published", Duration.ofSeconds(5), () -> fixtures.pendingOutboxRows() == 0);
        }
    }

    @Test
    void signingKeyIsTheConfiguredOneAndItsIdIsDerived() {
        assertEquals(PublishKeys.DEV_SIGNING_PUBLIC_KEY, Ed25519Keys.toBase64(keys.publicKey()));
        assertEquals(Ed25519Keys.keyId(RedisState.PUBLIC_KEY), keys.signer().keyId());
    }

    @Test
    void secretsAreResealedForEdgeNodes() {
        try (Notices notices = new Notices(redisDataSource)) {
            var acme = fixtures.account("secret");
            var api = fixtures.service(acme, "api");
            fixtures.version(api, 1, "export default {}", new JsonArray(), Map.of("API_KEY", "s3cr3t-value"));
            fixtures.deploy(api, 1);
            fixtures.changed(acme);
            String key = acme.slug() + "/api/production";
            notices.awaitEnvironment(key);

            Bundle bundle = redis.bundle(key);
            SealedSecret sealed = bundle.rootEnvironment().versions().getFirst().secrets().get("API_KEY");
            String aad = key + ":1:API_KEY";
            assertEquals(aad, SecretContext.bundle(bundle.root(), 1, "API_KEY"));
            assertEquals("s3cr3t-value", SecretSealer.fromBase64(PublishKeys.DEV_BUNDLE_SECRET_KEY).open(sealed, aad));
            assertThrows(IllegalArgumentException.class, () -> SecretSealer.fromBase64(ConfigProvider.getConfig().getValue("platform.secrets.key", String.class)).open(sealed, aad),
                    "the at-rest key must not open bundle secrets");
            assertThrows(IllegalArgumentException.class, () -> SecretSealer.fromBase64(PublishKeys.DEV_BUNDLE_SECRET_KEY).open(sealed, key + ":2:API_KEY"),
                    "a secret moved to another version must not open");
            assertFalse(new String(redis.envelope(redis.digest(key))).contains("s3cr3t-value"));
        }
    }

    @Test
    void changedTargetRepublishesTheEnvironmentsThatBindIt() {
        try (Notices notices = new Notices(redisDataSource)) {
            var acme = fixtures.account("bind");
            var auth = fixtures.service(acme, "auth");
            var gateway = fixtures.service(acme, "gateway");
            var other = fixtures.service(acme, "other");
            fixtures.version(auth, 1, new JsonArray());
            fixtures.deploy(auth, 1);
            fixtures.version(gateway, 1, bindings(serviceBinding("AUTH", "auth", "production")));
            fixtures.deploy(gateway, 1);
            fixtures.version(other, 1, new JsonArray());
            fixtures.deploy(other, 1);
            fixtures.changed(acme);
            String authKey = acme.slug() + "/auth/production";
            String gatewayKey = acme.slug() + "/gateway/production";
            String otherKey = acme.slug() + "/other/production";
            notices.awaitEnvironment(gatewayKey);
            String gatewayBefore = redis.digest(gatewayKey);
            String otherBefore = redis.digest(otherKey);
            // read before the change: the relay may publish it before the next line of this test runs
            long manifestBefore = redis.manifest(acme.slug()).sequence();

            fixtures.version(auth, 2, new JsonArray());
            fixtures.deploy(auth, 2);
            fixtures.changed(acme);

            Notice notice = notices.awaitEnvironment(authKey);
            assertEquals(List.of(acme.slug()), notice.accounts());
            AccountManifest after = redis.manifest(acme.slug());
            assertTrue(after.sequence() > manifestBefore, "a changed manifest takes a higher sequence");
            String gatewayAfter = redis.digest(gatewayKey);
            assertNotEquals(gatewayBefore, gatewayAfter);
            assertEquals(otherBefore, redis.digest(otherKey));
            Bundle gatewayBundle = redis.bundle(gatewayKey);
            assertEquals(2, gatewayBundle.environments().stream().filter(e -> e.ref().key().equals(authKey)).findFirst().orElseThrow()
                    .versions().getFirst().number(), "the gateway's bundle carries auth v2");
            long ttl = redis.ttl(gatewayBefore);
            assertTrue(ttl > 0 && ttl <= 3600, "superseded bundle stays for a while (ttl " + ttl + ")");
            assertEquals(-1, redis.ttl(gatewayAfter));
        }
    }

    @Test
    void republishingUnchangedStateSendsNoNotice() {
        try (Notices notices = new Notices(redisDataSource)) {
            var live = fixtures.helloDeployed("same");
            var acme = live.account();
            String key = live.key();
            notices.awaitEnvironment(key);
            String digest = redis.digest(key);
            RedisState.awaitTrue("outbox drained", Duration.ofSeconds(5), () -> fixtures.pendingOutboxRows() == 0);
            long sequence = redis.sequence();
            byte[] manifest = redis.manifestEnvelope(acme.slug());

            fixtures.changed(acme);
            RedisState.awaitTrue("outbox drained", Duration.ofSeconds(5), () -> fixtures.pendingOutboxRows() == 0);

            assertEquals(digest, redis.digest(key), "same content, same digest (secrets and signature are deterministic)");
            assertEquals(sequence, redis.sequence());
            assertArrayEquals(manifest, redis.manifestEnvelope(acme.slug()), "unchanged content keeps its manifest sequence and bytes");
            assertTrue(notices.drain().stream().noneMatch(n -> n.sequence() > sequence), "no notice for a publication that changed nothing");
        }
    }

    @Test
    void routesArePublishedAndADeletedAccountDisappears() {
        try (Notices notices = new Notices(redisDataSource)) {
            var acme = fixtures.account("gone");
            var shop = fixtures.service(acme, "shop");
            var staging = fixtures.environment(acme, shop, "staging");
            fixtures.version(shop, 1, new JsonArray());
            fixtures.deploy(shop, 1);
            fixtures.domain(acme, acme.slug() + ".example.com");
            fixtures.pendingDomain(acme, acme.slug() + ".example.org");
            UUID route = fixtures.route(acme, "shop." + acme.slug() + ".example.com/api/*", shop);
            UUID undeployedRoute = fixtures.route(acme, "staging." + acme.slug() + ".example.com/*", staging);
            fixtures.changed(acme);
            String key = acme.slug() + "/shop/production";
            Notice published = notices.awaitEnvironment(key);
            assertEquals(List.of(acme.slug()), published.accounts());
            assertEquals(new AccountManifest.Route(route.toString(), "shop." + acme.slug() + ".example.com/api/*", key),
                    redis.route(acme.slug(), route.toString()));
            assertNull(redis.route(acme.slug(), undeployedRoute.toString()), "routes to undeployed environments are not published");
            List<String> domains = redis.manifest(acme.slug()).domains();
            assertTrue(domains.contains(acme.slug() + ".example.com"), "the manifest lists the account's active domains: " + domains);
            assertFalse(domains.contains(acme.slug() + ".example.org"), "not its pending claims: " + domains);
            assertNull(redis.digest(acme.slug() + "/shop/staging"), "never deployed: not published");
            assertNull(redis.hostname(acme.slug(), staging.hostname()));
            String digest = redis.digest(key);

            fixtures.deleteAccount(acme);
            fixtures.changed(acme);

            Notice removed = notices.awaitEnvironment(key);
            assertEquals(List.of(acme.slug()), removed.accounts());
            assertNull(redis.digest(key));
            assertNull(redis.manifest(acme.slug()), "the deleted account's manifest is removed");
            assertTrue(redis.ttl(digest) > 0, "the removed environment's bundle expires later");
        }
    }
}
