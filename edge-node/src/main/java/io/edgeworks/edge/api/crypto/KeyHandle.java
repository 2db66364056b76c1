package io.edgeworks.edge.api.crypto;

import java.security.Key;
import org.graalvm.polyglot.proxy.Proxy;

/**
 * The key material of a CryptoKey, kept on the host: the prelude holds this opaque proxy in the
 * CryptoKey's private state and hands it back on every operation, so keys are parsed once, on import or
 * generation, and never leave the host unless exported.
 */
public record KeyHandle(Key key) implements Proxy {
    public KeyHandle {
        if (key == null) {
            throw new IllegalArgumentException("a key handle needs a key");
        }
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
