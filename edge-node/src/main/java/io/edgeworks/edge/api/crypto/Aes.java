package io.edgeworks.edge.api.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM, AES-CBC, AES-CTR and AES-KW for crypto.subtle on the JDK's AES ciphers. */
final class Aes {
    private Aes() {
    }

    /** A secret key from 16, 24 or 32 raw bytes. */
    static KeyHandle importRaw(byte[] raw) {
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw CryptoFailure.data("AES keys are 128, 192 or 256 bits, not " + raw.length * 8);
        }
        return new KeyHandle(new SecretKeySpec(raw, "AES"));
    }

    /** AES-GCM with a {@code tagLength}-bit tag appended to (encrypt) or expected at the end of (decrypt) the data. */
    static byte[] gcm(boolean encrypt, KeyHandle key, byte[] iv, byte[] aad, int tagLength, byte[] data) {
        if (tagLength != 32 && tagLength != 64 && (tagLength < 96 || tagLength > 128 || tagLength % 8 != 0)) {
            throw CryptoFailure.operation("tagLength must be 32, 64, 96, 104, 112, 120 or 128, not " + tagLength);
        }
        if (iv.length == 0) {
            throw CryptoFailure.operation("AES-GCM needs a non-empty iv");
        }
        if (!encrypt && data.length < tagLength / 8) {
            throw CryptoFailure.operation("the data is shorter than the tag");
        }
        return tagLength < 96 ? gcmShortTag(encrypt, key, iv, aad, tagLength / 8, data) : gcmJdk(encrypt, key, iv, aad, tagLength, data);
    }

    /**
     * GCM with a 32- or 64-bit tag, which the JDK does not offer: the tag is the full tag's leftmost bytes
     * (NIST SP 800-38D). Decryption recovers the plaintext with the keystream (GCM of zeros under the same
     * key and iv), recomputes the full tag over it and compares the prefix in constant time.
     */
    private static byte[] gcmShortTag(boolean encrypt, KeyHandle key, byte[] iv, byte[] aad, int tagBytes, byte[] data) {
        if (encrypt) {
            return Arrays.copyOf(gcmJdk(true, key, iv, aad, 128, data), data.length + tagBytes);
        }
        int length = data.length - tagBytes;
        byte[] keystream = gcmJdk(true, key, iv, null, 128, new byte[length]);
        byte[] plain = new byte[length];
        for (int i = 0; i < length; i++) {
            plain[i] = (byte) (data[i] ^ keystream[i]);
        }
        byte[] again = gcmJdk(true, key, iv, aad, 128, plain);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(again, length, length + tagBytes), Arrays.copyOfRange(data, length, data.length))) {
            throw CryptoFailure.operation("AES-GCM decryption failed: the data or tag is not authentic");
        }
        return plain;
    }

    private static byte[] gcmJdk(boolean encrypt, KeyHandle key, byte[] iv, byte[] aad, int tagLength, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(tagLength, iv));
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation(encrypt ? "AES-GCM encryption failed" : "AES-GCM decryption failed: the data or tag is not authentic");
        }
    }

    /** AES-CBC with PKCS#7 padding and a 16-byte iv. */
    static byte[] cbc(boolean encrypt, KeyHandle key, byte[] iv, byte[] data) {
        if (iv.length != 16) {
            throw CryptoFailure.operation("AES-CBC needs a 16-byte iv, not " + iv.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key.key(), new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation(encrypt ? "AES-CBC encryption failed" : "AES-CBC decryption failed: bad length or padding");
        }
    }

    /**
     * AES-CTR where only the rightmost {@code length} bits of the 16-byte counter block count (and wrap);
     * data that would reuse a counter value is refused.
     */
    static byte[] ctr(KeyHandle key, byte[] counter, int length, byte[] data) {
        if (counter.length != 16) {
            throw CryptoFailure.operation("AES-CTR needs a 16-byte counter, not " + counter.length);
        }
        if (length < 1 || length > 128) {
            throw CryptoFailure.operation("AES-CTR length must be 1 to 128 bits, not " + length);
        }
        BigInteger space = BigInteger.ONE.shiftLeft(length);
        BigInteger low = new BigInteger(1, counter).mod(space);
        long blocks = (data.length + 15L) / 16;
        if (BigInteger.valueOf(blocks).compareTo(space) > 0) {
            throw CryptoFailure.operation("the data is too long for a " + length + "-bit counter");
        }
        BigInteger beforeWrap = space.subtract(low);
        if (BigInteger.valueOf(blocks).compareTo(beforeWrap) <= 0) {
            return ctrRun(key, counter, data, 0, data.length);
        }
        int first = beforeWrap.intValueExact() * 16;
        byte[] wrapped = new BigInteger(1, counter).subtract(low).toByteArray();
        byte[] restart = new byte[16];
        int copy = Math.min(16, wrapped.length);
        System.arraycopy(wrapped, wrapped.length - copy, restart, 16 - copy, copy);
        byte[] out = new byte[data.length];
        System.arraycopy(ctrRun(key, counter, data, 0, first), 0, out, 0, first);
        System.arraycopy(ctrRun(key, restart, data, first, data.length - first), 0, out, first, data.length - first);
        return out;
    }

    private static byte[] ctrRun(KeyHandle key, byte[] counter, byte[] data, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new IvParameterSpec(counter));
            return cipher.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation("AES-CTR failed");
        }
    }

    /** AES-KW (RFC 3394) of key bytes: a multiple of 8 bytes, at least 16 (wrap); unwrap checks integrity. */
    static byte[] kw(boolean wrap, KeyHandle key, byte[] data) {
        if (data.length % 8 != 0 || data.length < (wrap ? 16 : 24)) {
            throw CryptoFailure.operation("AES-KW " + (wrap ? "wraps" : "unwraps") + " a multiple of 8 bytes, at least " + (wrap ? 16 : 24));
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
            cipher.init(wrap ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key.key());
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.operation(wrap ? "AES-KW wrapping failed" : "AES-KW unwrapping failed: integrity check");
        }
    }
}
