package io.edgeworks.api.common;

import jakarta.ws.rs.core.Response;

import java.util.List;

/** A request that cannot be served as asked; mapped to problem+json by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;
    private final QuotaDetail quota;
    private final long retryAfterSeconds;

    public ProblemException(int status, String detail, List<FieldError> errors) {
        this(status, detail, errors, null, 0);
    }

    /** A refusal by a quota or rate limit; {@code retryAfterSeconds} > 0 adds a {@code Retry-After} header. */
    public ProblemException(int status, String detail, List<FieldError> errors, QuotaDetail quota, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.quota = quota;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The quota that refused the request, or null. */
    public QuotaDetail quota() {
        return quota;
    }

    /** Seconds after which the request may succeed (the {@code Retry-After} header), 0 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, detail, errors);
    }

    /** A 400 about exactly one field. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail, List.of());
    }

    public static ProblemException tooLarge(String field, String detail) {
        return new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(), detail,
                List.of(new FieldError(field, detail)));
    }
}
