package io.edgeworks.api.publish;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Publication of bundles and state to Redis. No entry is required: keys fall back to fixed development
 * keys in dev and test mode; in prod a missing key stops the start with a message naming it.
 */
@ConfigMapping(prefix = "platform.publish")
public interface PublishConfig {

    /** Ed25519 private key that signs bundles, PKCS#8 DER in base64 (env EDGEWORKS_SIGNING_PRIVATE_KEY). */
    @WithDefault("${EDGEWORKS_SIGNING_PRIVATE_KEY:}")
    Optional<String> signingKey();

    /** Key id written into each signed bundle (env EDGEWORKS_SIGNING_KEY_ID); default: derived from the public key. */
    @WithDefault("${EDGEWORKS_SIGNING_KEY_ID:}")
    Optional<String> signingKeyId();

    /** AES-256 key (base64, 32 bytes) that seals secrets inside bundles for edge nodes (env EDGEWORKS_BUNDLE_SECRET_KEY). */
    @WithDefault("${EDGEWORKS_BUNDLE_SECRET_KEY:}")
    Optional<String> bundleSecretKey();

    /** How often the relay looks for unpublished outbox rows even without a notification from PostgreSQL. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How many publications of a made-up account the relay builds and signs at its start, writing nothing
     * ({@link PublishWarmUp}), so the first deploys after a start are not slowed by code the JVM has not compiled
     * yet; 0 turns it off. They run on the relay's thread in slices, real publications go between the slices.
     */
    @WithDefault("300")
    int warmUpPublications();

    /** How often the relay checks that Redis still holds the published state (the epoch key). */
    @WithDefault("2s")
    Duration epochCheckInterval();

    /** First delay before retrying an account whose publication failed; doubles per failure. */
    @WithDefault("250ms")
    Duration retryBackoff();

    /** Upper bound of the retry delay (e.g. while Redis is down). */
    @WithDefault("5s")
    Duration maxRetryBackoff();

    /** How long a superseded (or not yet adopted) bundle stays in Redis, so a node mid-apply can still fetch it. */
    @WithDefault("1h")
    Duration supersededBundleTtl();

    /** Longest time one publication (database reads, signing, Redis script) may take before it is abandoned and retried. */
    @WithDefault("30s")
    Duration publicationTimeout();

    /**
     * How long the Redis state stays claimed by this database after its last check: another database's
     * relay (one pointed at the wrong Redis) writes nothing while the claim lives, and takes the state over
     * once it expired (this database is gone). Renewed every {@code epoch-check-interval}.
     */
    @WithDefault("15s")
    Duration ownerLease();

    /**
     * Whether this instance runs the relay (LISTEN, poll, Redis check). Default: on, except in test mode,
     * where only tests that exercise publication turn it on, so a test run never writes to a shared Redis.
     */
    @WithDefault("${EDGEWORKS_PUBLISH_RELAY:}")
    Optional<Boolean> relayEnabled();
}
