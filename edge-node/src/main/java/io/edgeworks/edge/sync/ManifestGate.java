package io.edgeworks.edge.sync;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.BundleVerificationException;
import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.SignedBundle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a signed account manifest read from Redis may be applied. Redis is not trusted, so the
 * envelope must verify (trusted key, valid signature, well-formed manifest) and name the account it is
 * filed under; and, against rollback, its sequence must be above the highest this edge applied for the
 * account. The same sequence with the same bytes is a no-op (a republication after Redis lost its data);
 * the same sequence with other bytes, or a lower one, is refused. The high-water marks are never
 * forgotten while the process lives, not even when an account disappears from Redis, so an old manifest
 * put back later is still refused. Used by the sync thread only.
 */
final class ManifestGate {

    /** What to do with an envelope. */
    sealed interface Decision {
    }

    /** Apply this manifest. */
    record Accepted(AccountManifest manifest) implements Decision {
    }

    /** Already applied (same sequence, same bytes): the manifest applied then. */
    record Unchanged(AccountManifest manifest) implements Decision {
    }

    /** Do not apply; keep serving what was applied before. {@code reason} is a metric tag. */
    record Refused(String reason, String message) implements Decision {
    }

    private record Mark(long sequence, String digest, AccountManifest manifest) {
    }

    private final BundleVerifier verifier;
    private final Map<String, Mark> applied = new HashMap<>();

    ManifestGate(BundleVerifier verifier) {
        this.verifier = verifier;
    }

    Decision admit(String account, byte[] envelope) {
        AccountManifest manifest;
        String digest;
        try {
            SignedBundle signed = SignedBundle.fromBytes(envelope);
            digest = signed.digest();
            Mark mark = applied.get(account);
            if (mark != null && mark.digest.equals(digest)) {
                return new Unchanged(mark.manifest);
            }
            manifest = verifier.verifyManifest(signed);
        } catch (BundleVerificationException e) {
            return new Refused(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        if (!manifest.account().equals(account)) {
            return new Refused("wrong_account", "the manifest filed under account '" + account + "' belongs to account '"
                    + manifest.account() + "'");
        }
        Mark mark = applied.get(account);
        if (mark != null && manifest.sequence() < mark.sequence) {
            return new Refused("replayed", "manifest sequence " + manifest.sequence() + " of account " + account
                    + " is older than the applied " + mark.sequence);
        }
        if (mark != null && manifest.sequence() == mark.sequence) {
            return new Refused("conflict", "manifest sequence " + manifest.sequence() + " of account " + account
                    + " was already applied with other content");
        }
        applied.put(account, new Mark(manifest.sequence(), digest, manifest));
        return new Accepted(manifest);
    }

    /** The highest manifest sequence applied for the account, or 0. */
    long appliedSequence(String account) {
        Mark mark = applied.get(account);
        return mark == null ? 0 : mark.sequence;
    }
}
