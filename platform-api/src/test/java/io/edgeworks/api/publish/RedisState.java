package io.edgeworks.api.publish;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads published state the way an edge node does, and verifies manifests and bundles with the development public key. */
final class RedisState {
    static final PublicKey PUBLIC_KEY = Ed25519Keys.publicKeyFromBase64(PublishKeys.DEV_SIGNING_PUBLIC_KEY);
    static final BundleVerifier VERIFIER = new BundleVerifier(Map.of(Ed25519Keys.keyId(PUBLIC_KEY), PUBLIC_KEY));

    private final RedisDataSource redis;

    RedisState(RedisDataSource redis) {
        this.redis = redis;
    }

    String digest(String environmentKey) {
        return redis.hash(String.class).hget(RedisLayout.ENVIRONMENTS, environmentKey);
    }

    /** The account's verified manifest, or null when none is published. */
    AccountManifest manifest(String slug) {
        byte[] envelope = redis.hash(byte[].class).hget(RedisLayout.MANIFESTS, slug);
        return envelope == null ? null : VERIFIER.verifyManifest(envelope);
    }

    /** The raw signed manifest envelope of the account, or null. */
    byte[] manifestEnvelope(String slug) {
        return redis.hash(byte[].class).hget(RedisLayout.MANIFESTS, slug);
    }

    /** The environment key a generated hostname serves, read from the account's signed manifest. */
    String hostname(String slug, String hostname) {
        AccountManifest manifest = manifest(slug);
        return manifest == null ? null : manifest.hostnames().get(hostname);
    }

    /** The route with this id in the account's signed manifest, or null. */
    AccountManifest.Route route(String slug, String id) {
        AccountManifest manifest = manifest(slug);
        return manifest == null ? null : manifest.routes().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    long sequence() {
        String value = redis.value(String.class).get(RedisLayout.SEQUENCE);
        return value == null ? 0 : Long.parseLong(value);
    }

    byte[] envelope(String digest) {
        return redis.value(byte[].class).get(RedisLayout.bundleKey(digest));
    }

    /** Seconds to live of a bundle key: -1 without TTL, -2 when missing. */
    long ttl(String digest) {
        return redis.key().ttl(RedisLayout.bundleKey(digest));
    }

    /** The verified bundle currently published for the environment. */
    Bundle bundle(String environmentKey) {
        String digest = digest(environmentKey);
        assertNotNull(digest, environmentKey + " is not published");
        byte[] envelope = envelope(digest);
        assertNotNull(envelope, "bundle " + digest + " of " + environmentKey + " is missing");
        return VERIFIER.verify(envelope);
    }

    Map<String, String> environments() {
        return redis.hash(String.class).hgetall(RedisLayout.ENVIRONMENTS);
    }

    void flushAll() {
        redis.flushall();
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // Redis may be restarting: keep polling
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
