package io.edgeworks.edge.api.crypto;

/**
 * The host entry point of crypto.subtle beyond digest, HMAC and ECDSA (see crypto.js): one operation
 * name and its arguments (binary strings for bytes, Integers, Booleans, {@link KeyHandle}s, nulls) in,
 * {@code {null, results...}} or {@code {errorName, message}} out; the prelude throws the error as the
 * calling realm's DOMException of that name.
 */
public final class SubtleHost {
    private SubtleHost() {
    }

    public static Object[] call(String op, Object... a) {
        try {
            Object[] results = switch (op) {
                case "rsaGenerate" -> Rsa.generate(i(a[0]), b(a[1]));
                case "rsaImport" -> Rsa.importDer(s(a[0]), b(a[1]));
                case "rsaImportJwk" -> Rsa.importJwk(s(a[0]), s(a[1]), s(a[2]), s(a[3]), s(a[4]), s(a[5]), s(a[6]), s(a[7]));
                case "exportDer" -> new Object[] {Bytes.binary(Rsa.exportDer(k(a[0])))};
                case "rsaJwk" -> Rsa.exportJwk(k(a[0]));
                case "rsaSign" -> one(Rsa.sign(s(a[0]), i(a[1]), k(a[2]), b(a[3])));
                case "rsaVerify" -> new Object[] {Rsa.verify(s(a[0]), i(a[1]), k(a[2]), b(a[3]), b(a[4]))};
                case "rsaOaep" -> one(Rsa.oaep((Boolean) a[0], s(a[1]), k(a[2]), b(a[3]), b(a[4])));
                case "aesImport" -> new Object[] {Aes.importRaw(b(a[0]))};
                case "secretImport" -> new Object[] {new KeyHandle(new RawSecret("RAW", b(a[0])))};
                case "secretExport" -> one(k(a[0]).secret());
                case "aesGcm" -> one(Aes.gcm((Boolean) a[0], k(a[1]), b(a[2]), b(a[3]), i(a[4]), b(a[5])));
                case "aesCbc" -> one(Aes.cbc((Boolean) a[0], k(a[1]), b(a[2]), b(a[3])));
                case "aesCtr" -> one(Aes.ctr(k(a[0]), b(a[1]), i(a[2]), b(a[3])));
                case "aesKw" -> one(Aes.kw((Boolean) a[0], k(a[1]), b(a[2])));
                case "hkdf" -> one(Kdf.hkdf(s(a[0]), k(a[1]).secret(), b(a[2]), b(a[3]), i(a[4])));
                case "pbkdf2" -> one(Kdf.pbkdf2(s(a[0]), k(a[1]).secret(), b(a[2]), i(a[3]), i(a[4])));
                case "ecHandle" -> new Object[] {Ecdsa.handle(s(a[0]), s(a[1]))};
                case "ecdsaSign" -> one(Ecdsa.sign(s(a[0]), k(a[1]), b(a[2])));
                case "ecdsaVerify" -> new Object[] {Ecdsa.verify(s(a[0]), k(a[1]), b(a[2]), b(a[3]))};
                case "ecdh" -> one(Ecdsa.ecdh(k(a[0]), k(a[1])));
                case "okpGenerate" -> Okp.generate(s(a[0]));
                case "okpImport" -> new Object[] {switch (s(a[1])) {
                    case "raw" -> Okp.importRaw(s(a[0]), b(a[2]));
                    case "spki" -> Okp.importSpki(s(a[0]), b(a[2]));
                    case "pkcs8" -> Okp.importPkcs8(s(a[0]), b(a[2]));
                    default -> Okp.importJwk(s(a[0]), b(a[2]), b(a[3]));
                }};
                case "okpExport" -> new Object[] {switch (s(a[1])) {
                    case "raw" -> Bytes.binary(Okp.exportRaw((java.security.PublicKey) k(a[2]).key()));
                    case "spki" -> Bytes.binary(k(a[2]).key().getEncoded());
                    default -> Bytes.binary(Okp.exportPkcs8(s(a[0]), k(a[2])));
                }};
                case "okpJwk" -> Okp.exportJwk(k(a[0]));
                case "ed25519Sign" -> one(Okp.sign(k(a[0]), b(a[1])));
                case "ed25519Verify" -> new Object[] {Okp.verify(k(a[0]), b(a[1]), b(a[2]))};
                case "x25519" -> one(Okp.agree(k(a[0]), k(a[1])));
                default -> throw new IllegalArgumentException("unknown crypto.subtle host operation " + op);
            };
            Object[] out = new Object[results.length + 1];
            System.arraycopy(results, 0, out, 1, results.length);
            return out;
        } catch (CryptoFailure e) {
            return new Object[] {e.name(), e.getMessage()};
        }
    }

    private static Object[] one(byte[] bytes) {
        return new Object[] {Bytes.binary(bytes)};
    }

    private static String s(Object value) {
        return (String) value;
    }

    private static byte[] b(Object value) {
        return Bytes.of((String) value);
    }

    private static int i(Object value) {
        return ((Number) value).intValue();
    }

    private static KeyHandle k(Object value) {
        if (value instanceof KeyHandle handle) {
            return handle;
        }
        throw new IllegalArgumentException("not a key handle: " + value);
    }
}
