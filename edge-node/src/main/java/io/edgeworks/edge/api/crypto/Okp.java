package io.edgeworks.edge.api.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * Ed25519 (sign/verify) and X25519 (key agreement) for crypto.subtle on the JDK's EdDSA and XDH
 * providers. Both have 32-byte raw keys; a private key's handle carries its public key, derived on
 * import by the JDK's own generator fed the private bytes.
 */
final class Okp {
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] X25519_SPKI = HexFormat.of().parseHex("302a300506032b656e032100");
    private static final byte[] ED25519_PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X25519_PKCS8 = HexFormat.of().parseHex("302e020100300506032b656e04220420");

    private Okp() {
    }

    private static String jdk(String curve) {
        return switch (curve) {
            case "Ed25519" -> "Ed25519";
            case "X25519" -> "X25519";
            default -> throw new CryptoFailure("NotSupportedError", "unsupported curve " + curve);
        };
    }

    /** {private handle (with its public key), public handle}. */
    static Object[] generate(String curve) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(jdk(curve)).generateKeyPair();
            return new Object[] {new KeyHandle(pair.getPrivate(), pair.getPublic()), new KeyHandle(pair.getPublic())};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " unavailable", e);
        }
    }

    /** A public key from its 32 raw bytes. */
    static KeyHandle importRaw(String curve, byte[] raw) {
        if (raw.length != 32) {
            throw CryptoFailure.data(curve + " public keys are 32 bytes, not " + raw.length);
        }
        return importSpki(curve, concat(curve.equals("Ed25519") ? ED25519_SPKI : X25519_SPKI, raw));
    }

    static KeyHandle importSpki(String curve, byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance(jdk(curve)).generatePublic(new X509EncodedKeySpec(spki));
            if (!Arrays.equals(spki, key.getEncoded())) { // the canonical form: the curve's OID and 32 bytes
                throw CryptoFailure.data("not an " + curve + " public key in SPKI form");
            }
            return new KeyHandle(key);
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw CryptoFailure.data("not an " + curve + " public key in SPKI form");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " unavailable", e);
        }
    }

    static KeyHandle importPkcs8(String curve, byte[] pkcs8) {
        byte[] raw;
        try {
            PrivateKey key = KeyFactory.getInstance(jdk(curve)).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            raw = privateBytes(key);
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw CryptoFailure.data("not an " + curve + " private key in PKCS#8 form");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " unavailable", e);
        }
        if (raw == null || raw.length != 32) {
            throw CryptoFailure.data("not an " + curve + " private key in PKCS#8 form");
        }
        return importPrivate(curve, raw);
    }

    /** A private key from its 32 raw bytes (JWK d); with {@code x}, x must be its public key. */
    static KeyHandle importJwk(String curve, byte[] d, byte[] x) {
        if (d.length != 32) {
            throw CryptoFailure.data("the JWK's d of an " + curve + " key is 32 bytes, not " + d.length);
        }
        KeyHandle handle = importPrivate(curve, d);
        if (x != null && !Arrays.equals(x, exportRaw(handle.pub()))) {
            throw CryptoFailure.data("the JWK's x is not the public key of d");
        }
        return handle;
    }

    /** The private key for {@code raw} and its public key, by the JDK generator fed {@code raw} as its randomness. */
    private static KeyHandle importPrivate(String curve, byte[] raw) {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != raw.length) {
                    throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
                }
                System.arraycopy(raw, 0, bytes, 0, raw.length);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jdk(curve));
            generator.initialize(curve.equals("Ed25519") ? java.security.spec.NamedParameterSpec.ED25519
                    : java.security.spec.NamedParameterSpec.X25519, fixed);
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(privateBytes(pair.getPrivate()), raw)) {
                throw new IllegalStateException(curve + " key derivation did not keep the private key");
            }
            return new KeyHandle(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " unavailable", e);
        }
    }

    private static byte[] privateBytes(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed) {
            return ed.getBytes().orElse(null);
        }
        return ((XECPrivateKey) key).getScalar().orElse(null);
    }

    /** The 32 raw bytes of a public key (the end of its SPKI). */
    static byte[] exportRaw(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** {x} for a public key, {x, d} for a private one. */
    static Object[] exportJwk(KeyHandle handle) {
        if (handle.key() instanceof PublicKey pub) {
            return new Object[] {Bytes.binary(exportRaw(pub))};
        }
        return new Object[] {Bytes.binary(exportRaw(handle.pub())), Bytes.binary(privateBytes((PrivateKey) handle.key()))};
    }

    /** PKCS#8 of a private key in the plain RFC 8410 form (no public key attached), as browsers export it. */
    static byte[] exportPkcs8(String curve, KeyHandle handle) {
        return concat(curve.equals("Ed25519") ? ED25519_PKCS8 : X25519_PKCS8, privateBytes((PrivateKey) handle.key()));
    }

    static byte[] sign(KeyHandle handle, byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign((PrivateKey) handle.key());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation("Ed25519 signing failed: " + e.getMessage());
        }
    }

    static boolean verify(KeyHandle handle, byte[] sig, byte[] data) {
        if (sig.length != 64) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify((PublicKey) handle.key());
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The X25519 shared secret (32 bytes); an all-zero result (a small-order public key) is an OperationError. */
    static byte[] agree(KeyHandle privateKey, KeyHandle publicKey) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(privateKey.key());
            agreement.doPhase(publicKey.key(), true);
            byte[] secret = agreement.generateSecret();
            int any = 0;
            for (byte b : secret) {
                any |= b;
            }
            if (any == 0) {
                throw CryptoFailure.operation("X25519: the shared secret is all zeros (a small-order public key)");
            }
            return secret;
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation("X25519 key agreement failed: " + e.getMessage());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
