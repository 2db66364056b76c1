package io.edgeworks.edge.sync;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleVerificationException;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.SignedBundle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified bundles by digest. Bundles are content-addressed, so a digest verified once never needs
 * verifying again. An envelope is accepted only if it is well formed, signed by a trusted key, its
 * signature checks, and its payload digest equals the digest it was published under.
 */
final class BundleCache {
    private final BundleVerifier verifier;
    private final Map<String, Bundle> verified = new ConcurrentHashMap<>();

    BundleCache(BundleVerifier verifier) {
        this.verifier = verifier;
    }

    Bundle cached(String digest) {
        return verified.get(digest);
    }

    /** Verifies and caches; throws {@link BundleVerificationException} with the reason otherwise. */
    Bundle verify(String digest, byte[] envelope) {
        Bundle cached = verified.get(digest);
        if (cached != null) {
            return cached;
        }
        SignedBundle signed = SignedBundle.fromBytes(envelope);
        if (!signed.digest().equals(digest)) {
            throw new BundleVerificationException(BundleVerificationException.Reason.MALFORMED,
                    "bundle stored under digest " + digest + " has payload digest " + signed.digest());
        }
        Bundle bundle = verifier.verify(signed);
        verified.put(digest, bundle);
        return bundle;
    }

    /**
     * Verifies many envelopes on all cores (a node's first load: thousands of signatures). Returns each digest's
     * outcome: its {@link Bundle} (cached, as {@link #verify} does) or the {@link RuntimeException} it was refused with.
     */
    Map<String, Object> verifyAll(Map<String, byte[]> envelopes) {
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        envelopes.entrySet().parallelStream().forEach(e -> {
            try {
                outcomes.put(e.getKey(), verify(e.getKey(), e.getValue()));
            } catch (RuntimeException refused) {
                outcomes.put(e.getKey(), refused);
            }
        });
        return outcomes;
    }

    /** Drops digests no longer referenced (verifying one again, should it come back, costs a signature check). */
    void forget(java.util.Collection<String> digests) {
        verified.keySet().removeAll(digests);
    }
}
