package io.edgeworks.edge.api.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;

/**
 * ECDSA and ECDH for crypto.subtle on the JDK's EC provider, curves P-256, P-384 and P-521. Keys cross the
 * boundary as DER binary strings (one char per byte): PKCS#8 for private keys, SPKI for public ones.
 * Signatures are the WebCrypto form, r and s as fixed-length big-endian integers (IEEE P1363). Methods
 * throw {@link IllegalArgumentException} for key data that is not a valid key of the named curve, which
 * the prelude reports as a DataError.
 */
public final class Ecdsa {
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
    private static final Map<String, String> SIGNATURES = Map.of("SHA-1", "SHA1withECDSAinP1363Format",
            "SHA-256", "SHA256withECDSAinP1363Format", "SHA-384", "SHA384withECDSAinP1363Format",
            "SHA-512", "SHA512withECDSAinP1363Format");

    private Ecdsa() {
    }

    /**
     * The host entry point: runs operation {@code op} with string arguments (null where absent) and returns
     * {error, results...}: error is null on success, else why the key data was rejected (a DataError).
     */
    public static Object[] call(String op, String... a) {
        try {
            Object[] results = switch (op) {
                case "generate" -> generate(a[0]);
                case "importRaw" -> new Object[] {importRaw(a[0], a[1])};
                case "importSpki" -> new Object[] {importSpki(a[0], a[1])};
                case "importPkcs8" -> importPkcs8(a[0], a[1]);
                case "importJwk" -> importComponents(a[0], a[1], a[2], a[3]);
                case "components" -> components(a[0], a[1], a[2]);
                case "exportRaw" -> new Object[] {exportRaw(a[0], a[1])};
                default -> throw new IllegalStateException("unknown ECDSA operation " + op);
            };
            Object[] out = new Object[results.length + 1];
            System.arraycopy(results, 0, out, 1, results.length);
            return out;
        } catch (IllegalArgumentException e) {
            return new Object[] {e.getMessage()};
        }
    }

    /** A new key pair on {@code curve}: {PKCS#8 private key, SPKI public key}. */
    public static String[] generate(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(jdkCurve(curve)));
            KeyPair pair = generator.generateKeyPair();
            return new String[] {binary(pair.getPrivate().getEncoded()), binary(pair.getPublic().getEncoded())};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed for " + curve, e);
        }
    }

    /** The public key of {@code curve} from its uncompressed point (0x04 ‖ x ‖ y), as SPKI. */
    public static String importRaw(String curve, String raw) {
        ECParameterSpec params = params(curve);
        int size = fieldBytes(params);
        byte[] bytes = bytes(raw);
        if (bytes.length != 1 + 2 * size || bytes[0] != 4) {
            throw new IllegalArgumentException("raw " + curve + " public keys are 0x04 followed by x and y, " + (1 + 2 * size) + " bytes");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(bytes, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(bytes, 1 + size, bytes.length));
        return binary(publicKey(params, x, y).getEncoded());
    }

    /** Checks SPKI data holds a public key of {@code curve}; returns the key re-encoded. */
    public static String importSpki(String curve, String spki) {
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(bytes(spki)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC public key in SPKI form", e);
        }
        ECParameterSpec params = params(curve);
        if (!sameCurve(params, key.getParams())) {
            throw new IllegalArgumentException("the key is not on curve " + curve);
        }
        return binary(publicKey(params, key.getW().getAffineX(), key.getW().getAffineY()).getEncoded());
    }

    /** Checks PKCS#8 data holds a private key of {@code curve}: {PKCS#8 private key, SPKI public key}. */
    public static String[] importPkcs8(String curve, String pkcs8) {
        ECPrivateKey key;
        try {
            key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bytes(pkcs8)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC private key in PKCS#8 form", e);
        }
        ECParameterSpec params = params(curve);
        if (!sameCurve(params, key.getParams())) {
            throw new IllegalArgumentException("the key is not on curve " + curve);
        }
        return privateKey(params, key.getS());
    }

    /**
     * A key of {@code curve} from JWK components (big-endian binary strings): with {@code d} a private key
     * {PKCS#8, SPKI}, where x and y must be d's public point; without, {SPKI}.
     */
    public static String[] importComponents(String curve, String x, String y, String d) {
        ECParameterSpec params = params(curve);
        int size = fieldBytes(params);
        byte[] xb = bytes(x);
        byte[] yb = bytes(y);
        if (xb.length != size || yb.length != size) {
            throw new IllegalArgumentException("x and y of a " + curve + " key are " + size + " bytes each");
        }
        BigInteger px = new BigInteger(1, xb);
        BigInteger py = new BigInteger(1, yb);
        ECPublicKey pub = publicKey(params, px, py);
        if (d == null) {
            return new String[] {binary(pub.getEncoded())};
        }
        byte[] db = bytes(d);
        if (db.length != size) {
            throw new IllegalArgumentException("d of a " + curve + " key is " + size + " bytes");
        }
        String[] pair = privateKey(params, new BigInteger(1, db));
        ECPublicKey derived = (ECPublicKey) decodePublic(pair[1]);
        if (!derived.getW().equals(pub.getW())) {
            throw new IllegalArgumentException("x and y are not the public point of d");
        }
        return pair;
    }

    /** JWK components of a key: {x, y} for SPKI, {x, y, d} for PKCS#8 (with its SPKI given too). */
    public static String[] components(String curve, String spki, String pkcs8) {
        ECParameterSpec params = params(curve);
        int size = fieldBytes(params);
        ECPoint w = ((ECPublicKey) decodePublic(spki)).getW();
        String x = binary(fixed(w.getAffineX(), size));
        String y = binary(fixed(w.getAffineY(), size));
        if (pkcs8 == null) {
            return new String[] {x, y};
        }
        try {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bytes(pkcs8)));
            return new String[] {x, y, binary(fixed(key.getS(), size))};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored PKCS#8 key unreadable", e);
        }
    }

    /** The uncompressed point (0x04 ‖ x ‖ y) of an SPKI public key of {@code curve}. */
    public static String exportRaw(String curve, String spki) {
        int size = fieldBytes(params(curve));
        ECPoint w = ((ECPublicKey) decodePublic(spki)).getW();
        byte[] out = new byte[1 + 2 * size];
        out[0] = 4;
        System.arraycopy(fixed(w.getAffineX(), size), 0, out, 1, size);
        System.arraycopy(fixed(w.getAffineY(), size), 0, out, 1 + size, size);
        return binary(out);
    }

    /**
     * The key handle for DER key data this class produced: {@code pkcs8} may be null (a public key); the
     * handle of a private key carries its public key too. Signing and key agreement then parse nothing.
     */
    static KeyHandle handle(String pkcs8, String spki) {
        try {
            java.security.PublicKey pub = decodePublic(spki);
            if (pkcs8 == null) {
                return new KeyHandle(pub);
            }
            return new KeyHandle(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bytes(pkcs8))), pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored EC key unreadable", e);
        }
    }

    /** The P1363 signature of {@code data} with a private key handle. */
    static byte[] sign(String hash, KeyHandle key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm(hash));
            signature.initSign((java.security.PrivateKey) key.key());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation("ECDSA signing failed: " + e.getMessage());
        }
    }

    /** Whether {@code sig} (P1363) signs {@code data} under a public key handle. */
    static boolean verify(String hash, KeyHandle key, byte[] sig, byte[] data) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm(hash));
            signature.initVerify((java.security.PublicKey) key.key());
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The ECDH shared secret (the x coordinate, field-sized) of a private and a public key handle of one curve. */
    static byte[] ecdh(KeyHandle privateKey, KeyHandle publicKey) {
        try {
            javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey.key());
            agreement.doPhase(publicKey.key(), true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation("ECDH key agreement failed: " + e.getMessage());
        }
    }

    private static String signatureAlgorithm(String hash) {
        String algorithm = SIGNATURES.get(hash);
        if (algorithm == null) {
            throw new CryptoFailure("NotSupportedError", "ECDSA with " + hash + " is not supported");
        }
        return algorithm;
    }

    private static String jdkCurve(String curve) {
        String name = CURVES.get(curve);
        if (name == null) {
            throw new IllegalArgumentException("unsupported curve " + curve);
        }
        return name;
    }

    private static ECParameterSpec params(String curve) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jdkCurve(curve)));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("curve " + curve + " unavailable", e);
        }
    }

    private static boolean sameCurve(ECParameterSpec a, java.security.spec.ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getOrder().equals(b.getOrder()) && a.getGenerator().equals(b.getGenerator());
    }

    private static int fieldBytes(ECParameterSpec params) {
        return (params.getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** A public key for (x, y) after checking the point lies on the curve (the JDK's key factory does not). */
    private static ECPublicKey publicKey(ECParameterSpec params, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0
                || !y.multiply(y).subtract(x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB())).mod(p).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("the point is not on the curve");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid EC public key", e);
        }
    }

    /** {PKCS#8, SPKI} for private scalar {@code s}, the public point computed as s·G. */
    private static String[] privateKey(ECParameterSpec params, BigInteger s) {
        if (s.signum() <= 0 || s.compareTo(params.getOrder()) >= 0) {
            throw new IllegalArgumentException("the private scalar is out of range");
        }
        try {
            byte[] pkcs8 = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, params)).getEncoded();
            ECPoint w = multiply(params, s);
            return new String[] {binary(pkcs8), binary(publicKey(params, w.getAffineX(), w.getAffineY()).getEncoded())};
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid EC private key", e);
        }
    }

    /** s·G in affine coordinates (double and add; only for deriving a public key on import). */
    private static ECPoint multiply(ECParameterSpec params, BigInteger s) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = params.getGenerator();
        for (int i = 0; i < s.bitLength(); i++) {
            if (s.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint q, ECPoint r, BigInteger p, BigInteger a) {
        if (q.equals(ECPoint.POINT_INFINITY)) {
            return r;
        }
        if (r.equals(ECPoint.POINT_INFINITY)) {
            return q;
        }
        BigInteger lambda;
        if (q.getAffineX().equals(r.getAffineX())) {
            if (!q.getAffineY().equals(r.getAffineY()) || q.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = q.getAffineX();
            lambda = x.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(q.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = r.getAffineY().subtract(q.getAffineY()).multiply(r.getAffineX().subtract(q.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.pow(2).subtract(q.getAffineX()).subtract(r.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(q.getAffineX().subtract(x)).subtract(q.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }

    private static java.security.PublicKey decodePublic(String spki) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(bytes(spki)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key in SPKI form", e);
        }
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
        return out;
    }

    private static byte[] bytes(String binary) {
        return binary.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String binary(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
