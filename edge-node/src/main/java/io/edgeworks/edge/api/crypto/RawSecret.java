package io.edgeworks.edge.api.crypto;

import javax.crypto.SecretKey;

/**
 * Secret key bytes of any length, the empty one included (an HKDF input or PBKDF2 password may be
 * empty, which {@link javax.crypto.spec.SecretKeySpec} refuses).
 */
final class RawSecret implements SecretKey {
    private final String algorithm;
    private final byte[] bytes;

    RawSecret(String algorithm, byte[] bytes) {
        this.algorithm = algorithm;
        this.bytes = bytes.clone();
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        return bytes.clone();
    }
}
