package io.edgeworks.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's Ed25519 as the bundle format uses it, against RFC 8032's vectors and the JDK's provider. */
class Ed25519SignaturesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static PrivateKey privateKey(String seedHex) throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                HEX.parseHex("302e020100300506032b657004220420" + seedHex)));
    }

    private static PublicKey publicKey(String hex) throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(HEX.parseHex("302a300506032b6570032100" + hex)));
    }

    @Test
    void rfc8032TestVectors() throws Exception {
        // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte)
        String[][] vectors = {
                {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
                {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        };
        for (String[] v : vectors) {
            byte[] message = HEX.parseHex(v[2]);
            byte[] signature = Ed25519Signatures.sign(privateKey(v[0]), message);
            assertArrayEquals(HEX.parseHex(v[3]), signature);
            assertTrue(new Ed25519Signatures.Verifier(publicKey(v[1])).verify(message, signature));
        }
    }

    @Test
    void signaturesAreTheJdksByteForByteAndEachVerifiesTheOthers() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Ed25519Signatures.Verifier verifier = new Ed25519Signatures.Verifier(keys.getPublic());
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 63, 64, 1000, 70_000}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(keys.getPrivate());
            jdk.update(message);
            byte[] jdkSignature = jdk.sign();
            byte[] signature = Ed25519Signatures.sign(keys.getPrivate(), message);
            assertArrayEquals(jdkSignature, signature, "size " + size);
            assertTrue(verifier.verify(message, jdkSignature));
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(keys.getPublic());
            check.update(message);
            assertTrue(check.verify(signature));
        }
    }

    @Test
    void tamperedMalformedOrForeignSignaturesAreInvalid() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Ed25519Signatures.Verifier verifier = new Ed25519Signatures.Verifier(keys.getPublic());
        byte[] message = "a bundle".getBytes();
        byte[] signature = Ed25519Signatures.sign(keys.getPrivate(), message);
        assertTrue(verifier.verify(message, signature));
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertFalse(verifier.verify(message, flipped));
        byte[] otherMessage = "a bundle!".getBytes();
        assertFalse(verifier.verify(otherMessage, signature));
        assertFalse(verifier.verify(message, new byte[63]));
        assertFalse(verifier.verify(message, new byte[65]));
        assertFalse(verifier.verify(message, new byte[64]));
        assertFalse(verifier.verify(message, null));
        // S not reduced (S + L): the same point equation, refused as RFC 8032 requires
        byte[] unreduced = signature.clone();
        java.math.BigInteger l = java.math.BigInteger.TWO.pow(252).add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] sLe = java.util.Arrays.copyOfRange(signature, 32, 64);
        java.math.BigInteger s = new java.math.BigInteger(1, reverse(sLe)).add(l);
        byte[] sBytes = reverse(leftPad(s.toByteArray(), 32));
        System.arraycopy(sBytes, 0, unreduced, 32, 32);
        assertFalse(verifier.verify(message, unreduced));
        assertFalse(new Ed25519Signatures.Verifier(Ed25519Keys.generate().getPublic()).verify(message, signature), "another key");
    }

    @Test
    void aKeyThatIsNotEd25519IsRefused() throws Exception {
        PublicKey ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
        assertThrows(IllegalArgumentException.class, () -> new Ed25519Signatures.Verifier(ed448));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] leftPad(byte[] big, int size) {
        byte[] out = new byte[size];
        int from = Math.max(0, big.length - size);
        System.arraycopy(big, from, out, size - (big.length - from), big.length - from);
        return out;
    }
}
