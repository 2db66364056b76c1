package io.edgeworks.admin.client;

import java.util.List;
import java.util.Optional;

/**
 * A call to platform-api that did not succeed: the HTTP status, the problem's {@code detail} and its field
 * errors, ready to be shown next to the form fields they concern.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;

    public ApiException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The message for a field, matching its name or its first path segment (e.g. {@code modules.x.js}). */
    public Optional<String> errorFor(String field) {
        return errors.stream()
                .filter(e -> e.field() != null && (e.field().equals(field) || e.field().startsWith(field + ".")
                        || e.field().startsWith(field + "[")))
                .map(FieldError::message).findFirst();
    }

    /** The whole field error (with a syntax error's position, when the API gave one) for a field, as {@link #errorFor}. */
    public Optional<FieldError> fieldError(String field) {
        return errors.stream()
                .filter(e -> e.field() != null && (e.field().equals(field) || e.field().startsWith(field + ".")
                        || e.field().startsWith(field + "[")))
                .findFirst();
    }

    /**
     * One invalid input named by the API; for a module's syntax error also its 1-based {@code line} and
     * {@code column} (null when the API gave no position).
     */
    public record FieldError(String field, String message, Integer line, Integer column) {
        public FieldError(String field, String message) {
            this(field, message, null, null);
        }
    }
}
