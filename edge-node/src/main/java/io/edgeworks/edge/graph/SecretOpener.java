package io.edgeworks.edge.graph;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens a version's sealed secrets with the bundle secret key. The associated data binds each value to
 * its place: {@link SecretContext#bundle} ({@code <account/service/environment>:<version number>:<NAME>}), so a sealed value copied to
 * another environment, version or name does not open.
 */
public final class SecretOpener {
    private final SecretSealer sealer;

    /** {@code base64Key} may be null: versions with secrets then fail to build, with that reason. */
    public SecretOpener(String base64Key) {
        this.sealer = base64Key == null || base64Key.isBlank() ? null : SecretSealer.fromBase64(base64Key);
    }

    public Map<String, String> open(EnvironmentRef environment, int version, Map<String, SealedSecret> secrets) {
        Map<String, String> out = new TreeMap<>();
        if (secrets.isEmpty()) {
            return out;
        }
        if (sealer == null) {
            throw new IllegalStateException("version " + version + " has secrets but no bundle secret key is configured (EDGEWORKS_BUNDLE_SECRET_KEY)");
        }
        for (Map.Entry<String, SealedSecret> e : secrets.entrySet()) {
            try {
                out.put(e.getKey(), sealer.open(e.getValue(), SecretContext.bundle(environment, version, e.getKey())));
            } catch (RuntimeException ex) {
                throw new IllegalStateException("secret " + e.getKey() + " of version " + version + " does not open: " + ex.getMessage(), ex);
            }
        }
        return out;
    }
}
