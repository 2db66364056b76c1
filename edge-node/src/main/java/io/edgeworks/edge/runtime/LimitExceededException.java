package io.edgeworks.edge.runtime;

/** A request hit one of its limits; it ends with a 5xx and only that request is affected. */
public final class LimitExceededException extends RuntimeException {
    private final LimitKind kind;

    public LimitExceededException(LimitKind kind, String detail) {
        super(kind.label() + " limit exceeded: " + detail, null, false, false);
        this.kind = kind;
    }

    public LimitKind kind() {
        return kind;
    }
}
