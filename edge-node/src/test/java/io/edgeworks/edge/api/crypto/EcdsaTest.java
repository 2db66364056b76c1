package io.edgeworks.edge.api.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaTest {
    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521"})
    void generatedKeysSignAndVerifyWithFixedLengthSignatures(String curve) {
        Object[] pair = Ecdsa.call("generate", curve);
        assertNull(pair[0]);
        String pkcs8 = (String) pair[1];
        String spki = (String) pair[2];
        KeyHandle privateKey = Ecdsa.handle(pkcs8, spki);
        KeyHandle publicKey = Ecdsa.handle(null, spki);
        byte[] sig = Ecdsa.sign("SHA-256", privateKey, bytes("hello"));
        int size = curve.equals("P-521") ? 66 : Integer.parseInt(curve.substring(2)) / 8;
        assertEquals(2 * size, sig.length, "r and s, each as long as the field");
        assertTrue(Ecdsa.verify("SHA-256", publicKey, sig, bytes("hello")));
        assertFalse(Ecdsa.verify("SHA-256", publicKey, sig, bytes("hellO")));
        assertFalse(Ecdsa.verify("SHA-256", publicKey, java.util.Arrays.copyOf(sig, sig.length - 1), bytes("hello")), "a short signature is just invalid");
        assertArrayEquals(Ecdsa.ecdh(privateKey, publicKey), Ecdsa.ecdh(privateKey, Ecdsa.handle(null, spki)), "ECDH with itself is stable");
    }

    @Test
    void componentsRoundTripAndThePublicPointIsDerivedFromD() {
        Object[] pair = Ecdsa.call("generate", "P-384");
        String pkcs8 = (String) pair[1];
        String spki = (String) pair[2];
        Object[] parts = Ecdsa.call("components", "P-384", spki, pkcs8);
        assertNull(parts[0]);
        Object[] fromJwk = Ecdsa.call("importJwk", "P-384", (String) parts[1], (String) parts[2], (String) parts[3]);
        assertNull(fromJwk[0]);
        assertEquals(spki, fromJwk[2], "s·G computed here equals the JDK's public key");
        Object[] fromPkcs8 = Ecdsa.call("importPkcs8", "P-384", pkcs8);
        assertEquals(spki, fromPkcs8[2]);
        String raw = (String) Ecdsa.call("exportRaw", "P-384", spki)[1];
        assertEquals(1 + 2 * 48, raw.length());
        assertEquals(spki, Ecdsa.call("importRaw", "P-384", raw)[1]);
    }

    @Test
    void wrongCurveAndOffCurvePointsAreDataErrors() {
        String spki = (String) Ecdsa.call("generate", "P-256")[2];
        Object[] wrongCurve = Ecdsa.call("importSpki", "P-384", spki);
        assertNotNull(wrongCurve[0]);
        assertTrue(((String) wrongCurve[0]).contains("P-384"));
        char[] raw = ((String) Ecdsa.call("exportRaw", "P-256", spki)[1]).toCharArray();
        raw[64] ^= 1;
        assertNotNull(Ecdsa.call("importRaw", "P-256", new String(raw))[0], "a point off the curve is refused");
        assertNotNull(Ecdsa.call("importPkcs8", "P-256", "not der")[0]);
        assertFalse(Ecdsa.call("generate", "P-256")[1].equals(Ecdsa.call("generate", "P-256")[1]));
    }

    @Test
    void unknownHashesAreNotSupported() {
        Object[] pair = Ecdsa.call("generate", "P-256");
        CryptoFailure failure = assertThrows(CryptoFailure.class, () -> Ecdsa.sign("MD5", Ecdsa.handle((String) pair[1], (String) pair[2]), bytes("x")));
        assertEquals("NotSupportedError", failure.name());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
