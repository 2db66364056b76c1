package io.edgeworks.api.publish;

import io.edgeworks.api.security.SecretReencryption;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration path for at-rest secrets sealed before they were bound to their place (V81): rows sealed
 * under the bare name are re-sealed for their account, service and environment, and still publish.
 */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class SecretReencryptionTest {
    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    SecretReencryption reencryption;
    @Inject
    RedisDataSource redisDataSource;

    @Test
    void legacyRowsAreResealedForTheirPlaceOnceAndStillPublish() {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        var acme = fixtures.account("legacy");
        var api = fixtures.service(acme, "api");
        UUID version = fixtures.version(api, 1, "export default {}", new JsonArray(), Map.of("API_KEY", "x"));
        fixtures.legacySecrets(version, Map.of("API_KEY", "legacy-välue"));
        JsonObject before = stored(fixtures, version);
        fixtures.exec("update secret_sealing set legacy_retired = false, retired_at = null where id = 1");

        int resealed = reencryption.run().await().atMost(Duration.ofSeconds(30));

        assertTrue(resealed >= 1, "re-sealed " + resealed);
        JsonObject after = stored(fixtures, version);
        assertNotEquals(before, after);
        SealedSecret sealed = new SealedSecret(after.getString("nonce"), after.getString("ciphertext"));
        assertTrue(vault.bound(api.place(), "API_KEY", sealed), "now bound to account, service and environment");
        assertEquals("legacy-välue", vault.open(api.place(), "API_KEY", sealed));
        assertEquals(Boolean.TRUE, fixtures.single("select legacy_retired from secret_sealing where id = 1"));
        assertFalse(vault.legacyAccepted());
        assertEquals(0, reencryption.run().await().atMost(Duration.ofSeconds(30)), "done once");

        try (Notices notices = new Notices(redisDataSource)) {
            fixtures.deploy(api, 1);
            fixtures.changed(acme);
            String key = acme.slug() + "/api/production";
            notices.awaitEnvironment(key);
            SealedSecret inBundle = redis.bundle(key).rootEnvironment().versions().getFirst().secrets().get("API_KEY");
            assertEquals("legacy-välue", SecretSealer.fromBase64(PublishKeys.DEV_BUNDLE_SECRET_KEY)
                    .open(inBundle, SecretContext.bundle(io.edgeworks.bundle.EnvironmentRef.parse(key), 1, "API_KEY")));
        }
    }

    private static JsonObject stored(Fixtures fixtures, UUID version) {
        Object secrets = fixtures.single("select secrets from versions where id = $1", version);
        return ((JsonObject) secrets).getJsonObject("API_KEY");
    }
}
