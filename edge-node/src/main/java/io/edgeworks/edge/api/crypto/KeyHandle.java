package io.edgeworks.edge.api.crypto;

import java.security.Key;
import java.security.PublicKey;
import org.graalvm.polyglot.proxy.Proxy;

/**
 * The key material of a CryptoKey, kept on the host: the prelude holds this opaque proxy in the
 * CryptoKey's private state and hands it back on every operation, so keys are parsed once, on import or
 * generation, and never leave the host unless exported. {@code pub} is the public half of a private key
 * where an export needs it (Ed25519/X25519 JWKs), else null.
 */
public record KeyHandle(Key key, PublicKey pub) implements Proxy {
    public KeyHandle {
        if (key == null) {
            throw new IllegalArgumentException("a key handle needs a key");
        }
    }

    public KeyHandle(Key key) {
        this(key, null);
    }

    /** The key's raw bytes (secret keys). */
    byte[] secret() {
        return key.getEncoded();
    }

    @Override
    public String toString() {
        return "KeyHandle[" + key.getAlgorithm() + "]";
    }
}
