package io.edgeworks.edge.runtime;

/** A version's modules could not be loaded (syntax error, missing import, no fetch handler, limits). */
public final class WorkerLoadException extends RuntimeException {
    public WorkerLoadException(String message) {
        super(message);
    }

    public WorkerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
