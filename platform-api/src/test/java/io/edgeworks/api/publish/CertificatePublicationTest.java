package io.edgeworks.api.publish;

import io.edgeworks.api.Api;
import io.edgeworks.api.certificate.AcmeTestServers;
import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An issued certificate travels in the account's signed manifest: the chain, and the key sealed with the bundle
 * secret key for that account and domain only (a real Pebble issues it; {@link AcmeTestServers}).
 */
@QuarkusTest
@TestProfile(CertificatePublicationTest.Profile.class)
class CertificatePublicationTest {

    public static class Profile extends PublishTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
            resources.add(new TestResourceEntry(AcmeTestServers.class));
            return resources;
        }
    }

    @Inject
    RedisDataSource redisDataSource;

    @Test
    void theManifestCarriesTheDomainsCertificateWithItsKeySealedForTheAccountAndDomain() {
        AcmeTestServers.redis = redisDataSource;
        RedisState redis = new RedisState(redisDataSource);
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        Api.deployCode(alice, acme, "shop", "production", Api.HELLO);
        String domain = Api.unique("tls") + ".test";
        Api.verifiedDomain(alice, acme, domain);

        RedisState.awaitTrue("the certificate published", Duration.ofSeconds(60), () -> {
            AccountManifest manifest = redis.manifest(acme);
            return manifest != null && manifest.certificates().containsKey(domain);
        });
        AccountManifest manifest = redis.manifest(acme);
        assertEquals(List.of(domain), manifest.domains());
        AccountManifest.Certificate certificate = manifest.certificates().get(domain);
        assertTrue(certificate.chainPem().startsWith("-----BEGIN CERTIFICATE-----"), certificate.chainPem());
        SecretSealer sealer = SecretSealer.fromBase64(PublishKeys.DEV_BUNDLE_SECRET_KEY);
        assertTrue(sealer.open(certificate.key(), SecretContext.certificateKey(acme, domain)).contains("-----BEGIN PRIVATE KEY-----"));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(certificate.key(), SecretContext.certificateKey("other", domain)));
    }
}
