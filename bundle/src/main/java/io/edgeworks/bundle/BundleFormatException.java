package io.edgeworks.bundle;

/**
 * Bytes that are not a well-formed encoding of a bundle, envelope or notice. {@link #unsupportedFormat()}
 * tells a structurally valid document of a format version this library does not know from garbage.
 */
public class BundleFormatException extends IllegalArgumentException {
    private final boolean unsupportedFormat;

    public BundleFormatException(String message) {
        this(message, false, null);
    }

    public BundleFormatException(String message, Throwable cause) {
        this(message, false, cause);
    }

    BundleFormatException(String message, boolean unsupportedFormat, Throwable cause) {
        super(message, cause);
        this.unsupportedFormat = unsupportedFormat;
    }

    static BundleFormatException unsupported(String what, long format, int supported) {
        return new BundleFormatException(
                what + " format " + format + " is not supported (this library reads format " + supported + ")", true, null);
    }

    /** True when the document is well formed but declares a format version this library cannot read. */
    public boolean unsupportedFormat() {
        return unsupportedFormat;
    }
}
