package io.edgeworks.systemtests;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
import io.edgeworks.bundle.ManifestCodec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.SignedBundle;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Names;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.RedisConnection;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL is the source of truth, Redis only transport (issue 2, "Deployment bundles and
 * publication"): what platform-api publishes follows {@link RedisLayout}, bundles are signed and carry no
 * plain secret, and after Redis loses every key (FLUSHALL) the API republishes the whole state by itself
 * within seconds, announces it with a full notice, and the edge keeps serving and takes new deploys.
 *
 * <p>System properties: {@code edgeworks.it.redis-flush} = {@code all} (default: FLUSHALL, as a Redis
 * restart without persistence would) or {@code edgeworks} (delete only the {@code edgeworks:*} keys, for a
 * Redis shared with others); {@code edgeworks.it.keys-dir} (default {@code ../.state/keys}, where up.sh
 * keeps {@code signing-key.id} and {@code signing-key.pub.b64}) to verify bundle signatures.
 */
class RepublishIT {
    private static final Duration REPUBLISH = Duration.ofSeconds(10);

    @BeforeAll
    static void stackIsUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void stateComesBackAfterRedisLosesItsDataAndTheEdgeKeepsServing() throws IOException {
        Api alice = Api.as("alice");
        Tenant tenant = Tenant.create(alice, "republish");
        String secret = "sealed-" + Names.random(24);
        tenant.deployNewService("hello", Workers.GREETER, "vars", Json.object("GREETING", "before the flush"));
        alice.put(tenant.envPath("hello", "production") + "/secrets/SECRET_TOKEN", Json.object("value", secret)).expect(201);
        String host = tenant.hostname("hello");
        String key = tenant.slug() + "/hello/production";
        Edge.awaitAnswer(host, "/", 200, "before the flush");

        try (RedisConnection redis = RedisConnection.openStack(); RedisConnection notices = RedisConnection.openStack()) {
            long sequenceBefore = publishedState(redis, key, host, secret);

            notices.subscribe(RedisLayout.NOTICES);
            long flushedAt = System.nanoTime();
            loseRedisData(redis);

            Poll.until(REPUBLISH, () -> redis.string("HGET", RedisLayout.ENVIRONMENTS, key), Optional::isPresent,
                    "platform-api to republish " + key + " into " + RedisLayout.ENVIRONMENTS + " after the flush");
            System.out.printf("Redis flush -> state republished: %d ms%n", Poll.millisSince(flushedAt));
            long sequenceAfter = publishedState(redis, key, host, secret);
            System.out.printf("sequence before the flush %d, after the republish %d%n", sequenceBefore, sequenceAfter);

            Notice full = awaitFullNotice(notices, flushedAt);
            assertTrue(full.sequence() >= 1, "the full notice carries the new sequence: " + full);
        }

        Edge.awaitAnswer(host, "/", 200, "before the flush");
        alice.patch(tenant.envPath("hello", "production") + "/vars", Json.object("GREETING", "after the flush")).expect(201);
        Edge.awaitAnswer(host, "/", 200, "after the flush");
    }

    /**
     * Checks the published entries of one environment and answers the sequence number. The environment's entry and
     * its account's manifest are two keys read one after the other: a publication still in flight (the secret's new
     * version, or the republish racing it) may land between the reads, so it first waits until both name one bundle.
     */
    private static long publishedState(RedisConnection redis, String key, String host, String secret) {
        String account = key.substring(0, key.indexOf('/'));
        Poll.until(REPUBLISH, () -> {
            Optional<String> named = redis.string("HGET", RedisLayout.ENVIRONMENTS, key);
            Optional<byte[]> manifest = redis.bytes("HGET", RedisLayout.MANIFESTS, account);
            return named.isPresent() && manifest.isPresent()
                    && named.get().equals(ManifestCodec.decode(SignedBundle.fromBytes(manifest.get()).payload()).environments().get(key));
        }, settled -> settled, "the environment entry of " + key + " and its account's manifest to name the same bundle");
        String digest = redis.string("HGET", RedisLayout.ENVIRONMENTS, key)
                .orElseThrow(() -> new AssertionError(RedisLayout.ENVIRONMENTS + " lacks " + key));
        byte[] manifestEnvelope = redis.bytes("HGET", RedisLayout.MANIFESTS, account)
                .orElseThrow(() -> new AssertionError(RedisLayout.MANIFESTS + " lacks account " + account));
        String sequence = redis.string("GET", RedisLayout.SEQUENCE)
                .orElseThrow(() -> new AssertionError(RedisLayout.SEQUENCE + " is missing"));
        byte[] envelope = redis.bytes("GET", RedisLayout.bundleKey(digest))
                .orElseThrow(() -> new AssertionError("bundle " + RedisLayout.bundleKey(digest) + " named by " + key + " is missing"));

        SignedBundle signed = SignedBundle.fromBytes(envelope);
        assertEquals(digest, signed.digest(), "bundles are content-addressed by the sha-256 of their payload");
        assertFalse(new String(envelope, StandardCharsets.UTF_8).contains(secret), "a bundle holds no plain secret");
        assertFalse(new String(signed.payload(), StandardCharsets.UTF_8).contains(secret), "a bundle holds no plain secret");
        trustedKey().ifPresentOrElse(trusted -> {
            if (!trusted.getKey().equals(signed.keyId())) {
                System.out.println("bundle signed with key id " + signed.keyId() + ", the key folder holds " + trusted.getKey()
                        + " (another stack?): signature not verified");
                return;
            }
            BundleVerifier verifier = new BundleVerifier(Map.ofEntries(trusted));
            Bundle bundle = verifier.verify(signed);
            assertEquals(key, bundle.root().key(), "the bundle under " + key + " is that environment's");
            AccountManifest manifest = verifier.verifyManifest(manifestEnvelope);
            assertEquals(key, manifest.hostnames().get(host), "the signed manifest maps the hostname to the environment key");
            assertEquals(digest, manifest.environments().get(key), "the signed manifest names the bundle");
            System.out.println("bundle " + digest + " of " + key + ": signature verified with key " + trusted.getKey());
        }, () -> System.out.println("no signing key in the key folder: bundle signature not verified"));
        return Long.parseLong(sequence);
    }

    private static void loseRedisData(RedisConnection redis) {
        String mode = System.getProperty("edgeworks.it.redis-flush", "all");
        switch (mode) {
            case "all" -> assertEquals("OK", redis.command("FLUSHALL"));
            case "edgeworks" -> {
                List<String> keys = redis.scan("edgeworks:*");
                for (String k : keys) {
                    redis.command("DEL", k);
                }
            }
            default -> throw new IllegalArgumentException("edgeworks.it.redis-flush must be 'all' or 'edgeworks', not '" + mode + "'");
        }
    }

    private static Notice awaitFullNotice(RedisConnection notices, long since) {
        List<String> seen = new ArrayList<>();
        long deadline = since + REPUBLISH.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> message = notices.nextMessage(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (message.isEmpty()) {
                break;
            }
            seen.add(message.get());
            Notice notice = NoticeCodec.decode(message.get());
            if (notice.full()) {
                return notice;
            }
        }
        throw new AssertionError("no notice with full=true on " + RedisLayout.NOTICES + " within " + REPUBLISH.toSeconds()
                + " s of the flush; notices seen: " + seen);
    }

    /** The stack's signing key (id and public key) when up.sh's key folder is readable, else empty. */
    private static Optional<Map.Entry<String, PublicKey>> trustedKey() {
        Path dir = Path.of(System.getProperty("edgeworks.it.keys-dir", "../.state/keys"));
        Path id = dir.resolve("signing-key.id");
        Path pub = dir.resolve("signing-key.pub.b64");
        if (!Files.isReadable(id) || !Files.isReadable(pub)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Map.entry(Files.readString(id).trim(), Ed25519Keys.publicKeyFromBase64(Files.readString(pub).trim())));
        } catch (IOException e) {
            throw new AssertionError("cannot read the signing key in " + dir + ": " + e.getMessage(), e);
        }
    }
}
