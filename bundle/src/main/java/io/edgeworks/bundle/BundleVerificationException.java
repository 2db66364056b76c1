package io.edgeworks.bundle;

/** A signed bundle that must not be applied; {@link #reason()} says why. */
public class BundleVerificationException extends RuntimeException {

    public enum Reason {
        /** The envelope or its payload is not well formed (or breaks a model rule). */
        MALFORMED,
        /** The envelope names a key id the verifier does not trust. */
        UNKNOWN_KEY,
        /** The signature does not match the payload under the named key. */
        BAD_SIGNATURE,
        /** The envelope or bundle declares a format version this library cannot read. */
        UNSUPPORTED_FORMAT
    }

    private final Reason reason;

    public BundleVerificationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public BundleVerificationException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
