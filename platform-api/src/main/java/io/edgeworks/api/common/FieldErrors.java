package io.edgeworks.api.common;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every invalid field of a request so that one 400 names them all. */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** An error that came with a position (a module's syntax error): kept with its line and column. */
    public FieldErrors add(FieldError error) {
        errors.add(error);
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws a 400 listing the collected errors, if any. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid: " + errors.stream()
                        .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        throw ProblemException.badRequest(detail, errors);
    }
}
