package io.edgeworks.bundle;

import io.edgeworks.bundle.BundleVerificationException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BundleSignatureTest {
    private static final byte[] GOLDEN_ENVELOPE = Fixtures.resource("golden/representative-bundle.envelope.json");
    private final BundleSigner signer = new BundleSigner(Fixtures.keyId(), Fixtures.signingKey());
    private final BundleVerifier verifier = new BundleVerifier(Map.of(Fixtures.keyId(), Fixtures.publicKey()));

    @Test
    void signsToTheCommittedGoldenEnvelopeAndVerifiesBack() {
        SignedBundle signed = signer.sign(Fixtures.representativeBundle());
        // Ed25519 is deterministic, so the whole envelope is pinned
        assertArrayEquals(GOLDEN_ENVELOPE, signed.toBytes());
        assertArrayEquals(Fixtures.resource("golden/representative-bundle.json"), signed.payload());
        assertEquals(Fixtures.keyId(), signed.keyId());
        assertEquals(Digests.sha256Hex(signed.payload()), signed.digest());
        assertEquals(Fixtures.representativeBundle(), verifier.verify(GOLDEN_ENVELOPE));
        assertEquals(Fixtures.representativeBundle(), verifier.verify(signed));
    }

    @Test
    void envelopeRoundTripsThroughBytes() {
        SignedBundle signed = signer.sign(Fixtures.representativeBundle());
        SignedBundle parsed = SignedBundle.fromBytes(signed.toBytes());
        assertEquals(signed, parsed);
        assertEquals(signed.hashCode(), parsed.hashCode());
        String envelope = new String(signed.toBytes(), StandardCharsets.UTF_8);
        assertTrue(envelope.startsWith("{\"format\":1,\"key_id\":\"" + Fixtures.keyId() + "\",\"payload\":\""), envelope);
        assertTrue(envelope.endsWith("\"}") && envelope.contains("\",\"signature\":\""), envelope);
    }

    @Test
    void flippingAnyPayloadByteFailsVerification() {
        SignedBundle signed = SignedBundle.fromBytes(GOLDEN_ENVELOPE);
        byte[] payload = signed.payload();
        for (int i = 0; i < payload.length; i++) {
            byte[] lowBit = payload.clone();
            lowBit[i] ^= 0x01;
            SignedBundle forged = new SignedBundle(signed.keyId(), lowBit, signed.signature());
            expect(Reason.BAD_SIGNATURE, () -> verifier.verify(forged), "payload byte " + i + " ^ 0x01");
        }
    }

    @Test
    void flippingAnySignatureByteFailsVerification() {
        SignedBundle signed = SignedBundle.fromBytes(GOLDEN_ENVELOPE);
        byte[] signature = signed.signature();
        assertEquals(64, signature.length);
        for (int i = 0; i < signature.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = signature.clone();
                tampered[i] ^= (byte) (1 << bit);
                SignedBundle forged = new SignedBundle(signed.keyId(), signed.payload(), tampered);
                expect(Reason.BAD_SIGNATURE, () -> verifier.verify(forged.toBytes()), "signature byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void flippingAnyEnvelopeByteFailsVerification() {
        for (int i = 0; i < GOLDEN_ENVELOPE.length; i++) {
            byte[] tampered = GOLDEN_ENVELOPE.clone();
            tampered[i] ^= 0x01;
            int at = i;
            BundleVerificationException e = assertThrows(BundleVerificationException.class, () -> verifier.verify(tampered),
                    () -> "envelope byte " + at + " ('" + (char) GOLDEN_ENVELOPE[at] + "') flipped but verification passed");
            assertTrue(e.getMessage().startsWith(e.reason().name()), e.getMessage());
        }
    }

    @Test
    void truncatedOrExtendedSignaturesAreBadSignatures() {
        SignedBundle signed = SignedBundle.fromBytes(GOLDEN_ENVELOPE);
        byte[] signature = signed.signature();
        expect(Reason.BAD_SIGNATURE, () -> verifier.verify(new SignedBundle(signed.keyId(), signed.payload(), new byte[0])), "empty");
        expect(Reason.BAD_SIGNATURE, () -> verifier.verify(new SignedBundle(signed.keyId(), signed.payload(),
                java.util.Arrays.copyOf(signature, 63))), "63 bytes");
        expect(Reason.BAD_SIGNATURE, () -> verifier.verify(new SignedBundle(signed.keyId(), signed.payload(),
                java.util.Arrays.copyOf(signature, 65))), "65 bytes");
    }

    @Test
    void unknownKeyIdIsRejectedNamingTheKey() {
        SignedBundle signed = new BundleSigner("someone-else", Fixtures.signingKey()).sign(Fixtures.representativeBundle());
        BundleVerificationException e = expect(Reason.UNKNOWN_KEY, () -> verifier.verify(signed.toBytes()), "unknown key id");
        assertTrue(e.getMessage().contains("'someone-else'") && e.getMessage().contains(Fixtures.keyId()), e.getMessage());
    }

    @Test
    void aSignatureByAnotherKeyUnderTheTrustedIdIsRejected() {
        KeyPair other = Ed25519Keys.generate();
        SignedBundle forged = new BundleSigner(Fixtures.keyId(), other.getPrivate()).sign(Fixtures.representativeBundle());
        expect(Reason.BAD_SIGNATURE, () -> verifier.verify(forged.toBytes()), "wrong private key");
        BundleVerifier trustsOther = new BundleVerifier(Map.of(Fixtures.keyId(), other.getPublic()));
        expect(Reason.BAD_SIGNATURE, () -> trustsOther.verify(GOLDEN_ENVELOPE), "wrong public key");
    }

    @Test
    void verifiesWithAnyOfSeveralTrustedKeys() {
        KeyPair next = Ed25519Keys.generate();
        String nextId = Ed25519Keys.keyId(next.getPublic());
        BundleVerifier rotating = new BundleVerifier(Map.of(Fixtures.keyId(), Fixtures.publicKey(), nextId, next.getPublic()));
        assertEquals(Fixtures.representativeBundle(), rotating.verify(GOLDEN_ENVELOPE));
        assertEquals(Fixtures.representativeBundle(),
                rotating.verify(new BundleSigner(nextId, next.getPrivate()).sign(Fixtures.representativeBundle()).toBytes()));
    }

    @Test
    void malformedEnvelopesAreRejected() {
        String golden = new String(GOLDEN_ENVELOPE, StandardCharsets.UTF_8);
        expect(Reason.MALFORMED, () -> verifier.verify(new byte[0]), "empty");
        expect(Reason.MALFORMED, () -> verifier.verify((byte[]) null), "null");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8("{")), "truncated JSON");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8("[1,2]")), "array");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.substring(0, golden.length() - 1))), "cut off");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden + " ")), "trailing whitespace is not canonical");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.replace(",\"key_id\"", ", \"key_id\""))), "inner whitespace");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.replace("{\"format\":1,", "{\"format\":1,\"extra\":0,"))), "extra field");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.replaceFirst(",\"signature\":\"[^\"]*\"", ""))), "missing signature");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.replace("\"payload\":\"", "\"payload\":\"!"))), "bad base64");
        expect(Reason.MALFORMED, () -> verifier.verify(utf8(golden.replace("\"key_id\":\"" + Fixtures.keyId(), "\"key_id\":\""))), "blank key id");
        BundleVerificationException e = expect(Reason.UNSUPPORTED_FORMAT,
                () -> verifier.verify(utf8(golden.replace("{\"format\":1,", "{\"format\":2,"))), "envelope format 2");
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
        expect(Reason.MALFORMED, () -> SignedBundle.fromBytes(utf8(golden.replace("{\"format\":1,", "{\"format\":\"1\","))), "string format");
    }

    @Test
    void correctlySignedPayloadsThatAreNotValidBundlesAreRejectedAfterTheSignatureCheck() throws GeneralSecurityException {
        String payload = new String(Fixtures.resource("golden/representative-bundle.json"), StandardCharsets.UTF_8);
        expect(Reason.UNSUPPORTED_FORMAT, () -> verifier.verify(signRaw(payload.replace("\"format\":1", "\"format\":2"))), "bundle format 2");
        expect(Reason.MALFORMED, () -> verifier.verify(signRaw("{\"format\":1}")), "incomplete bundle");
        expect(Reason.MALFORMED, () -> verifier.verify(signRaw("hello")), "not JSON");
        BundleVerificationException e = expect(Reason.MALFORMED,
                () -> verifier.verify(signRaw(payload.replace("\"percentage\":90", "\"percentage\":95"))), "bad sum");
        assertTrue(e.getMessage().contains("percentages must sum to 100, got 105"), e.getMessage());
    }

    @Test
    void largeBundlesSurviveTheEnvelope() {
        // 16 MiB of source: the envelope's base64 payload exceeds Jackson's default 20M-character string cap
        String big = "//" + "ü".repeat(8 * 1024 * 1024) + "\n";
        VersionSpec version = new VersionSpec("v", 1, "a.js", Fixtures.map("a.js", big), null, null, null, null, "d");
        EnvironmentSpec env = new EnvironmentSpec(Fixtures.HELLO, "h", Deployment.single(1), java.util.List.of(version));
        Bundle bundle = new Bundle(Bundle.FORMAT, Fixtures.HELLO, java.util.List.of(env));
        Bundle verified = verifier.verify(signer.sign(bundle).toBytes());
        assertEquals(big, verified.rootEnvironment().versions().getFirst().modules().get("a.js"));
    }

    @Test
    void signedBundleCopiesItsArrays() {
        byte[] payload = {1, 2, 3};
        SignedBundle signed = new SignedBundle("k", payload, new byte[] {4});
        payload[0] = 9;
        signed.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, signed.payload());
    }

    @Test
    void signerAndVerifierRefuseKeysOfTheWrongKind() throws GeneralSecurityException {
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> new BundleSigner("k", ed448.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new BundleVerifier(Map.of("k", ed448.getPublic())));
        assertThrows(IllegalArgumentException.class, () -> new BundleVerifier(Map.<String, PublicKey>of()));
        assertThrows(IllegalArgumentException.class, () -> new BundleSigner(" ", Fixtures.signingKey()));
    }

    private static byte[] signRaw(String payload) throws GeneralSecurityException {
        byte[] bytes = utf8(payload);
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(Fixtures.signingKey());
        signature.update(bytes);
        return new SignedBundle(Fixtures.keyId(), bytes, signature.sign()).toBytes();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static BundleVerificationException expect(Reason reason, Executable call, String what) {
        try {
            call.execute();
        } catch (BundleVerificationException e) {
            assertEquals(reason, e.reason(), () -> what + ": " + e.getMessage());
            return e;
        } catch (Throwable t) {
            fail(what + ": expected BundleVerificationException " + reason + " but got " + t, t);
        }
        return fail(what + ": expected BundleVerificationException " + reason + " but verification passed");
    }
}
