package io.edgeworks.edge.api.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP for crypto.subtle on the JDK's RSA provider. Keys live in
 * {@link KeyHandle}s; the web-facing checks (usages, algorithm names, JWK members) are the prelude's.
 */
final class Rsa {
    /** The largest modulus generateKey makes: bigger keys take seconds of host CPU outside the request's limits. */
    static final int MAX_GENERATED_BITS = 4096;
    /** The largest modulus importKey accepts (what browsers accept). */
    static final int MAX_IMPORTED_BITS = 16384;

    private Rsa() {
    }

    /** A key pair: {private handle, public handle}. */
    static Object[] generate(int bits, byte[] exponent) {
        if (bits < 256 || bits > MAX_GENERATED_BITS || bits % 8 != 0) {
            throw CryptoFailure.operation("modulusLength must be a multiple of 8 from 256 to " + MAX_GENERATED_BITS);
        }
        BigInteger e = new BigInteger(1, exponent);
        if (!e.equals(BigInteger.valueOf(3)) && !e.equals(BigInteger.valueOf(65537))) {
            throw CryptoFailure.operation("publicExponent must be 3 or 65537");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, e));
            KeyPair pair = generator.generateKeyPair();
            return new Object[] {new KeyHandle(pair.getPrivate()), new KeyHandle(pair.getPublic())};
        } catch (GeneralSecurityException ex) {
            throw CryptoFailure.operation("RSA key generation failed: " + ex.getMessage());
        }
    }

    /** A key from SPKI or PKCS#8 DER: {handle, modulusLength, publicExponent}. */
    static Object[] importDer(String format, byte[] der) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            java.security.Key key = "spki".equals(format)
                    ? factory.generatePublic(new X509EncodedKeySpec(der))
                    : factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            return described(key);
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw CryptoFailure.data("not an RSA key in " + format + " form");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /**
     * A key from JWK members (big-endian binary strings, null where absent): public with n and e; private
     * with d too, and either all of p, q, dp, dq, qi or none of them.
     */
    static Object[] importJwk(String n, String e, String d, String p, String q, String dp, String dq, String qi) {
        BigInteger modulus = Bytes.integer(n, "the JWK member 'n'");
        BigInteger exponent = Bytes.integer(e, "the JWK member 'e'");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            if (d == null) {
                return described(factory.generatePublic(new RSAPublicKeySpec(modulus, exponent)));
            }
            BigInteger priv = Bytes.integer(d, "the JWK member 'd'");
            boolean anyCrt = p != null || q != null || dp != null || dq != null || qi != null;
            if (!anyCrt) {
                return described(factory.generatePrivate(new RSAPrivateKeySpec(modulus, priv)));
            }
            BigInteger bp = Bytes.integer(p, "the JWK member 'p'");
            BigInteger bq = Bytes.integer(q, "the JWK member 'q'");
            if (!bp.multiply(bq).equals(modulus)) {
                throw CryptoFailure.data("the JWK's p·q is not n");
            }
            return described(factory.generatePrivate(new RSAPrivateCrtKeySpec(modulus, exponent, priv, bp, bq,
                    Bytes.integer(dp, "the JWK member 'dp'"), Bytes.integer(dq, "the JWK member 'dq'"),
                    Bytes.integer(qi, "the JWK member 'qi'"))));
        } catch (InvalidKeySpecException e2) {
            throw CryptoFailure.data("invalid RSA JWK: " + e2.getMessage());
        } catch (GeneralSecurityException e2) {
            throw new IllegalStateException("RSA unavailable", e2);
        }
    }

    private static Object[] described(java.security.Key key) {
        RSAKey rsa = (RSAKey) key;
        int bits = rsa.getModulus().bitLength();
        if (bits < 256 || bits > MAX_IMPORTED_BITS) {
            throw CryptoFailure.data("RSA moduli from 256 to " + MAX_IMPORTED_BITS + " bits are supported, not " + bits);
        }
        BigInteger exponent;
        if (key instanceof RSAPublicKey pub) {
            exponent = pub.getPublicExponent();
        } else if (key instanceof RSAPrivateCrtKey crt) {
            exponent = crt.getPublicExponent();
        } else {
            exponent = BigInteger.ZERO;
        }
        return new Object[] {new KeyHandle(key), bits, exponent.signum() == 0 ? "" : Bytes.unsigned(exponent)};
    }

    /** The DER export of a key: SPKI for public keys, PKCS#8 for private ones. */
    static byte[] exportDer(KeyHandle handle) {
        return handle.key().getEncoded();
    }

    /** The JWK members of a key, big-endian binary strings: {n, e} or {n, e, d, p, q, dp, dq, qi}. */
    static Object[] exportJwk(KeyHandle handle) {
        if (handle.key() instanceof RSAPublicKey pub) {
            return new Object[] {Bytes.unsigned(pub.getModulus()), Bytes.unsigned(pub.getPublicExponent())};
        }
        if (handle.key() instanceof RSAPrivateCrtKey k) {
            return new Object[] {Bytes.unsigned(k.getModulus()), Bytes.unsigned(k.getPublicExponent()),
                Bytes.unsigned(k.getPrivateExponent()), Bytes.unsigned(k.getPrimeP()), Bytes.unsigned(k.getPrimeQ()),
                Bytes.unsigned(k.getPrimeExponentP()), Bytes.unsigned(k.getPrimeExponentQ()), Bytes.unsigned(k.getCrtCoefficient())};
        }
        throw CryptoFailure.operation("this RSA private key has no public exponent to export as a JWK");
    }

    /** A signature with RSASSA-PKCS1-v1_5 ({@code saltLength} &lt; 0) or RSA-PSS. */
    static byte[] sign(String hash, int saltLength, KeyHandle handle, byte[] data) {
        try {
            Signature signature = signature(hash, saltLength);
            signature.initSign((PrivateKey) handle.key());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CryptoFailure.operation("RSA signing failed: " + e.getMessage());
        }
    }

    static boolean verify(String hash, int saltLength, KeyHandle handle, byte[] sig, byte[] data) {
        try {
            Signature signature = signature(hash, saltLength);
            signature.initVerify((PublicKey) handle.key());
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** RSA-OAEP with MGF1 over the same hash and {@code label} (empty when absent). */
    static byte[] oaep(boolean encrypt, String hash, KeyHandle handle, byte[] label, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            OAEPParameterSpec spec = new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                    new PSource.PSpecified(label == null ? new byte[0] : label));
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, handle.key(), spec);
            return cipher.doFinal(data);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CryptoFailure.operation("RSA-OAEP " + (encrypt ? "encryption" : "decryption") + " failed");
        }
    }

    private static Signature signature(String hash, int saltLength) throws GeneralSecurityException {
        if (saltLength < 0) {
            return Signature.getInstance(hash.replace("-", "") + "withRSA");
        }
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
        return signature;
    }
}
