package io.edgeworks.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.BundleSigner;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admission rules for account manifests, without Redis: each decision and its metric reason. */
class ManifestGateTest {
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final BundleSigner SIGNER = new BundleSigner("k1", KEYS.getPrivate());

    private static byte[] manifest(String account, long sequence, String host) {
        return SIGNER.sign(new AccountManifest(account, sequence, "localhost", List.of(),
                Map.of(account + "/hello/production", "ab".repeat(32)), Map.of(host, account + "/hello/production"), List.of())).toBytes();
    }

    private static String reason(ManifestGate.Decision decision) {
        return assertInstanceOf(ManifestGate.Refused.class, decision).reason();
    }

    @Test
    void newerIsAcceptedSameIsUnchangedOlderOrConflictingIsRefused() {
        ManifestGate gate = new ManifestGate(new BundleVerifier(Map.of("k1", KEYS.getPublic())));
        byte[] v1 = manifest("acme", 1, "hello.acme.localhost");
        byte[] v2 = manifest("acme", 2, "hello.acme.localhost");
        assertInstanceOf(ManifestGate.Accepted.class, gate.admit("acme", v1));
        assertInstanceOf(ManifestGate.Accepted.class, gate.admit("acme", v2));
        assertInstanceOf(ManifestGate.Unchanged.class, gate.admit("acme", v2));
        assertEquals("replayed", reason(gate.admit("acme", v1)));
        assertEquals("conflict", reason(gate.admit("acme", manifest("acme", 2, "other.acme.localhost"))));
        assertEquals(2, gate.appliedSequence("acme"));
    }

    @Test
    void aManifestFiledUnderAnotherAccountOrBadlySignedIsRefused() {
        ManifestGate gate = new ManifestGate(new BundleVerifier(Map.of("k1", KEYS.getPublic())));
        assertEquals("wrong_account", reason(gate.admit("victim", manifest("acme", 5, "hello.acme.localhost"))));
        assertEquals(0, gate.appliedSequence("victim"));
        BundleSigner stranger = new BundleSigner("k1", Ed25519Keys.generate().getPrivate());
        byte[] forged = stranger.sign(new AccountManifest("acme", 9, "localhost", List.of(), Map.of(), Map.of(), List.of())).toBytes();
        assertEquals("bad_signature", reason(gate.admit("acme", forged)));
        assertEquals("malformed", reason(gate.admit("acme", "not an envelope".getBytes())));
    }
}
