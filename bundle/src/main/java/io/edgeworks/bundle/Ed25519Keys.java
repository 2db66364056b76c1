package io.edgeworks.bundle;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the forms the platform stores them: private keys as base64 PKCS#8 DER, public keys as
 * base64 X.509 SubjectPublicKeyInfo DER. JDK only (used on the {@link KeyTool} path).
 */
public final class Ed25519Keys {
    public static final String ALGORITHM = "Ed25519";

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** Reads a base64 PKCS#8 DER Ed25519 private key; surrounding whitespace is ignored. */
    public static PrivateKey privateKeyFromBase64(String base64) {
        byte[] der = decode(base64, "private key");
        try {
            PrivateKey key = factory().generatePrivate(new PKCS8EncodedKeySpec(der));
            requireEd25519(key, "private key");
            return key;
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("private key is not a PKCS#8 DER Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Reads a base64 X.509 DER Ed25519 public key; surrounding whitespace is ignored. */
    public static PublicKey publicKeyFromBase64(String base64) {
        byte[] der = decode(base64, "public key");
        try {
            PublicKey key = factory().generatePublic(new X509EncodedKeySpec(der));
            requireEd25519(key, "public key");
            return key;
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("public key is not an X.509 DER Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Base64 of the key's standard encoding (PKCS#8 for private keys, X.509 for public keys). */
    public static String toBase64(Key key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException("key " + key.getAlgorithm() + " has no encoded form");
        }
        return Base64.getEncoder().encodeToString(encoded);
    }

    /** The key id: the first 16 hex characters of the sha-256 of the X.509 encoded public key. */
    public static String keyId(PublicKey key) {
        requireEd25519(key, "public key");
        return Digests.sha256Hex(key.getEncoded()).substring(0, 16);
    }

    /** Throws unless {@code key} is an Ed25519 key (not Ed448, not another algorithm). */
    static void requireEd25519(Key key, String what) {
        if (key == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!(key instanceof EdECKey edec)
                || !(edec.getParams() instanceof NamedParameterSpec spec)
                || !ALGORITHM.equalsIgnoreCase(spec.getName())) {
            throw new IllegalArgumentException(what + " must be an Ed25519 key, got " + key.getAlgorithm());
        }
    }

    private static byte[] decode(String base64, String what) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64: " + e.getMessage(), e);
        }
    }

    private static KeyFactory factory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }
}
