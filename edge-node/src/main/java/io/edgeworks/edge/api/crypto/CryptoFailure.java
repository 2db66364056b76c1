package io.edgeworks.edge.api.crypto;

/**
 * A Web Crypto operation failed in a way the spec names: {@link #name} is the DOMException name the
 * prelude throws in the calling realm (DataError, OperationError, InvalidAccessError, NotSupportedError).
 */
public final class CryptoFailure extends RuntimeException {
    private final String name;

    public CryptoFailure(String name, String message) {
        super(message, null, false, false);
        this.name = name;
    }

    public String name() {
        return name;
    }

    static CryptoFailure data(String message) {
        return new CryptoFailure("DataError", message);
    }

    static CryptoFailure operation(String message) {
        return new CryptoFailure("OperationError", message);
    }
}
