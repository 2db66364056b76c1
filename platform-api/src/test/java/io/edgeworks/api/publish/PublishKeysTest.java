package io.edgeworks.api.publish;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.VersionSpec;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishKeysTest {

    private static PublishConfig config(String signingKey, String keyId, String bundleKey) {
        return new PublishConfig() {
            public Optional<String> signingKey() { return Optional.ofNullable(signingKey); }
            public Optional<String> signingKeyId() { return Optional.ofNullable(keyId); }
            public Optional<String> bundleSecretKey() { return Optional.ofNullable(bundleKey); }
            public Duration pollInterval() { return Duration.ofSeconds(1); }
            public int warmUpPublications() { return 0; }
            public Duration epochCheckInterval() { return Duration.ofSeconds(2); }
            public Duration retryBackoff() { return Duration.ofMillis(250); }
            public Duration maxRetryBackoff() { return Duration.ofSeconds(5); }
            public Duration supersededBundleTtl() { return Duration.ofHours(1); }
            public Duration publicationTimeout() { return Duration.ofSeconds(30); }
            public Duration ownerLease() { return Duration.ofSeconds(15); }
            public Optional<Boolean> relayEnabled() { return Optional.of(true); }
        };
    }

    @Test
    void prodWithoutKeysFailsNamingThePropertyAndVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PublishKeys(config(null, null, PublishKeys.DEV_BUNDLE_SECRET_KEY), false));
        assertTrue(e.getMessage().contains("platform.publish.signing-key") && e.getMessage().contains("EDGEWORKS_SIGNING_PRIVATE_KEY"), e.getMessage());

        e = assertThrows(IllegalStateException.class,
                () -> new PublishKeys(config(PublishKeys.DEV_SIGNING_PRIVATE_KEY, null, null), false));
        assertTrue(e.getMessage().contains("EDGEWORKS_BUNDLE_SECRET_KEY"), e.getMessage());
    }

    @Test
    void invalidKeysAreRefusedWithTheirName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PublishKeys(config("bm90IGEga2V5", null, null), true));
        assertTrue(e.getMessage().startsWith("platform.publish.signing-key"), e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> new PublishKeys(config(null, null, "c2hvcnQ="), true));
        assertTrue(e.getMessage().contains("platform.publish.bundle-secret-key") && e.getMessage().contains("32 bytes"), e.getMessage());
    }

    @Test
    void devModeFallsBackToTheDevelopmentKeys() {
        PublishKeys keys = new PublishKeys(config(null, null, null), true);
        assertEquals(PublishKeys.DEV_SIGNING_PUBLIC_KEY, Ed25519Keys.toBase64(keys.publicKey()));
    }

    @Test
    void derivedPublicKeyVerifiesAndExplicitKeyIdIsUsed() {
        KeyPair pair = Ed25519Keys.generate();
        PublishKeys keys = new PublishKeys(config(Ed25519Keys.toBase64(pair.getPrivate()), "prod-2026", null), true);
        assertEquals(Ed25519Keys.toBase64(pair.getPublic()), Ed25519Keys.toBase64(keys.publicKey()));
        assertEquals("prod-2026", keys.signer().keyId());

        EnvironmentRef ref = new EnvironmentRef("acme", "hello", "production");
        VersionSpec version = new VersionSpec("v1", 1, "index.js", new TreeMap<>(Map.of("index.js", "export default {}")),
                null, null, List.of(), null, "d");
        Bundle bundle = new Bundle(Bundle.FORMAT, ref, List.of(new EnvironmentSpec(ref, "hello.acme.localhost", Deployment.single(1), List.of(version))));
        assertEquals(bundle, new BundleVerifier(Map.of("prod-2026", pair.getPublic())).verify(keys.signer().sign(bundle).toBytes()));
    }
}
