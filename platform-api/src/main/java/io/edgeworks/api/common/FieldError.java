package io.edgeworks.api.common;

/** One invalid input: which field (JSON path such as {@code modules.worker.js} or {@code versions[1].number}) and why. */
public record FieldError(String field, String message) {
}
