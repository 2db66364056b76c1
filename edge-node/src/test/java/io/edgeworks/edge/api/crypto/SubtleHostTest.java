package io.edgeworks.edge.api.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The host half of crypto.subtle on its own: the {error, message} / {null, results} protocol and key checks. */
class SubtleHostTest {
    private static String bin(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String bin(BigInteger value) {
        return Bytes.unsigned(value);
    }

    @Test
    void failuresComeBackAsTheirDomExceptionNameAndResultsAfterANull() {
        Object[] bad = SubtleHost.call("aesImport", bin(new byte[20]));
        assertEquals("DataError", bad[0]);
        assertTrue(((String) bad[1]).contains("160"), "the message says what was wrong: " + bad[1]);
        Object[] ok = SubtleHost.call("aesImport", bin(new byte[16]));
        assertNull(ok[0]);
        assertInstanceOf(KeyHandle.class, ok[1]);
        assertThrows(IllegalArgumentException.class, () -> SubtleHost.call("nonsense"), "an unknown operation is a prelude bug, not a DOMException");
    }

    @Test
    void rsaJwkImportChecksThePrimesAndRefusesTinyModuli() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        Object[] good = SubtleHost.call("rsaImportJwk", bin(k.getModulus()), bin(k.getPublicExponent()), bin(k.getPrivateExponent()),
                bin(k.getPrimeP()), bin(k.getPrimeQ()), bin(k.getPrimeExponentP()), bin(k.getPrimeExponentQ()), bin(k.getCrtCoefficient()));
        assertNull(good[0]);
        assertEquals(1024, good[2]);
        assertEquals("\u0001\u0000\u0001", good[3]);
        Object[] swapped = SubtleHost.call("rsaImportJwk", bin(k.getModulus()), bin(k.getPublicExponent()), bin(k.getPrivateExponent()),
                bin(k.getPrimeP()), bin(k.getPrimeP()), bin(k.getPrimeExponentP()), bin(k.getPrimeExponentQ()), bin(k.getCrtCoefficient()));
        assertEquals("DataError", swapped[0]);
        Object[] partial = SubtleHost.call("rsaImportJwk", bin(k.getModulus()), bin(k.getPublicExponent()), bin(k.getPrivateExponent()),
                bin(k.getPrimeP()), null, null, null, null);
        assertEquals("DataError", partial[0], "some CRT members without the others");
        assertEquals("DataError", SubtleHost.call("rsaImportJwk", bin(BigInteger.valueOf(3233)), bin(BigInteger.valueOf(17)), null, null, null, null, null, null)[0]);
        assertEquals("OperationError", SubtleHost.call("rsaGenerate", 8192, "\u0001\u0000\u0001")[0], "generation is capped");
    }

    @Test
    void okpKeysKeepTheirCurveAndDerivePublicKeysFromPrivateBytes() {
        byte[] d = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        KeyHandle priv = Okp.importJwk("Ed25519", d, null);
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HexFormat.of().formatHex(Okp.exportRaw(priv.pub())));
        KeyHandle x = (KeyHandle) Okp.generate("X25519")[1];
        CryptoFailure wrongCurve = assertThrows(CryptoFailure.class, () -> Okp.importSpki("Ed25519", x.key().getEncoded()));
        assertEquals("DataError", wrongCurve.name());
        byte[] pkcs8 = Okp.exportPkcs8("Ed25519", priv);
        assertArrayEquals(priv.pub().getEncoded(), Okp.importPkcs8("Ed25519", pkcs8).pub().getEncoded());
    }

    @Test
    void kdfLimitsAndLengths() {
        KeyHandle pw = (KeyHandle) SubtleHost.call("secretImport", "")[1];
        assertEquals(0, pw.secret().length, "an empty password is a key too");
        assertEquals("NotSupportedError", SubtleHost.call("pbkdf2", "SHA-256", pw, "salt", 100_001, 256)[0]);
        assertEquals("NotSupportedError", SubtleHost.call("pbkdf2", "SHA-256", pw, "salt", 100_000, 17 * 256)[0], "blocks × iterations is capped");
        assertEquals("OperationError", SubtleHost.call("hkdf", "SHA-1", pw, "", "", 255 * 160 + 8)[0]);
        assertEquals(255 * 20, ((String) SubtleHost.call("hkdf", "SHA-1", pw, "", "", 255 * 160)[1]).length());
    }
}
