package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519KeysTest {

    @Test
    void theCommittedKeyPairMatchesItsId() throws Exception {
        assertEquals(Fixtures.keyId(), Ed25519Keys.keyId(Fixtures.publicKey()));
        assertEquals(16, Fixtures.keyId().length());
        assertEquals(Digests.sha256Hex(Fixtures.publicKey().getEncoded()).substring(0, 16), Fixtures.keyId());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(Fixtures.signingKey());
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(Fixtures.publicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signer.sign()), "private and public key belong together");
    }

    @Test
    void keysRoundTripThroughBase64() {
        KeyPair pair = Ed25519Keys.generate();
        assertEquals(pair.getPrivate(), Ed25519Keys.privateKeyFromBase64(Ed25519Keys.toBase64(pair.getPrivate())));
        assertEquals(pair.getPublic(), Ed25519Keys.publicKeyFromBase64(" " + Ed25519Keys.toBase64(pair.getPublic()) + "\n"));
        assertEquals(Fixtures.text("keys/signing-key.pub.b64"), Ed25519Keys.toBase64(Fixtures.publicKey()));
    }

    @Test
    void badKeysAreRejectedClearly() throws Exception {
        assertMessage("private key is empty", () -> Ed25519Keys.privateKeyFromBase64(""));
        assertMessage("public key is not valid base64", () -> Ed25519Keys.publicKeyFromBase64("@@@"));
        assertMessage("public key is not an X.509 DER Ed25519 key", () -> Ed25519Keys.publicKeyFromBase64("AAAA"));
        assertMessage("private key is not a PKCS#8 DER Ed25519 key",
                () -> Ed25519Keys.privateKeyFromBase64(Fixtures.text("keys/signing-key.pub.b64")));
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertMessage("public key must be an Ed25519 key, got RSA", () -> Ed25519Keys.keyId(rsa.getPublic()));
    }

    @Test
    void digestsAreLowerCaseSha256Hex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digests.sha256Hex(new byte[0]));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
