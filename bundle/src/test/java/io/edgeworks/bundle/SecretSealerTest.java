package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSealerTest {
    private static final String OPEN_FAILURE = "wrong key, wrong associated data, or tampered ciphertext";
    private final SecretSealer sealer = Fixtures.sealer();

    @Test
    void roundTripsUnicodeEmptyAndLargeValues() {
        for (String plaintext : new String[] {"s3cr3t", "", "ünïcode 🔑 你好", "x".repeat(100_000)}) {
            SealedSecret sealed = sealer.seal(plaintext, "acme/hello/production/TOKEN");
            assertEquals(plaintext, sealer.open(sealed, "acme/hello/production/TOKEN"));
            assertEquals(SecretSealer.NONCE_BYTES, Base64.getDecoder().decode(sealed.nonce()).length);
            assertEquals(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16,
                    Base64.getDecoder().decode(sealed.ciphertext()).length, "ciphertext carries a 128-bit tag");
        }
    }

    @Test
    void opensTheValueCommittedInTheGoldenBundle() {
        assertEquals(Fixtures.SECRET_PLAINTEXT, sealer.open(Fixtures.SEALED, Fixtures.SECRET_AAD));
        SealedSecret inBundle = BundleCodec.decode(Fixtures.resource("golden/representative-bundle.json"))
                .rootEnvironment().versions().getLast().secrets().get("API_TOKEN");
        assertEquals(Fixtures.SECRET_PLAINTEXT, sealer.open(inBundle, Fixtures.SECRET_AAD));
    }

    @Test
    void everySealUsesAFreshNonce() {
        SealedSecret a = sealer.seal("same", "aad");
        SealedSecret b = sealer.seal("same", "aad");
        assertNotEquals(a.nonce(), b.nonce());
        assertNotEquals(a.ciphertext(), b.ciphertext());
    }

    @Test
    void wrongKeyOrAssociatedDataFailsWithoutEchoingThePlaintext() {
        SealedSecret sealed = sealer.seal("top-secret-value", "acme/a/production/K");
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        assertOpenFails(() -> new SecretSealer(otherKey).open(sealed, "acme/a/production/K"));
        assertOpenFails(() -> sealer.open(sealed, "acme/b/production/K"));
        assertOpenFails(() -> sealer.open(sealed, ""));
    }

    @Test
    void tamperingWithAnyCiphertextOrNonceByteFails() {
        SealedSecret sealed = sealer.seal("top-secret-value", "aad");
        byte[] ciphertext = Base64.getDecoder().decode(sealed.ciphertext());
        for (int i = 0; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            SealedSecret forged = new SealedSecret(sealed.nonce(), Base64.getEncoder().encodeToString(tampered));
            assertOpenFails(() -> sealer.open(forged, "aad"));
        }
        byte[] nonce = Base64.getDecoder().decode(sealed.nonce());
        for (int i = 0; i < nonce.length; i++) {
            byte[] tampered = nonce.clone();
            tampered[i] ^= 0x01;
            SealedSecret forged = new SealedSecret(Base64.getEncoder().encodeToString(tampered), sealed.ciphertext());
            assertOpenFails(() -> sealer.open(forged, "aad"));
        }
    }

    @Test
    void malformedSealedValuesAreRejectedClearly() {
        SealedSecret sealed = sealer.seal("v", "aad");
        assertMessage("nonce is not valid base64", () -> sealer.open(new SealedSecret("***", sealed.ciphertext()), "aad"));
        assertMessage("ciphertext is not valid base64", () -> sealer.open(new SealedSecret(sealed.nonce(), "***"), "aad"));
        assertMessage("nonce must be 12 bytes, got 3 bytes", () -> sealer.open(new SealedSecret("AAAA", sealed.ciphertext()), "aad"));
        assertMessage("too short", () -> sealer.open(new SealedSecret(sealed.nonce(), "AAAA"), "aad"));
    }

    @Test
    void keysAreValidated() {
        assertMessage("secret key must be 32 bytes (AES-256), got 16 bytes",
                () -> SecretSealer.fromBase64(Base64.getEncoder().encodeToString(new byte[16])));
        assertMessage("secret key must be 32 bytes (AES-256), got 0 bytes", () -> new SecretSealer(new byte[0]));
        assertMessage("secret key is not valid base64", () -> SecretSealer.fromBase64("not base64!"));
        assertMessage("secret key is empty", () -> SecretSealer.fromBase64("  "));
        String key = Fixtures.text("keys/secret-key.b64");
        SealedSecret sealed = SecretSealer.fromBase64("\n " + key + "\n").seal("v", "aad");
        assertEquals("v", sealer.open(sealed, "aad"), "surrounding whitespace in the key is ignored");
    }

    @Test
    void theKeyArrayIsCopied() {
        byte[] key = new byte[32];
        SecretSealer copy = new SecretSealer(key);
        SealedSecret sealed = copy.seal("v", "aad");
        key[0] = 1;
        assertEquals("v", copy.open(sealed, "aad"));
    }

    private static void assertOpenFails(org.junit.jupiter.api.function.Executable open) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open);
        assertTrue(e.getMessage().contains(OPEN_FAILURE), e.getMessage());
        assertFalse(e.getMessage().contains("top-secret-value"));
        assertEquals(null, e.getCause(), "no cause that could carry data into logs");
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
