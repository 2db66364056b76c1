package io.edgeworks.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One invalid input: which field (JSON path such as {@code modules.worker.js} or {@code versions[1].number}) and
 * why; for a syntax error in a module also where, as 1-based {@code line} and {@code column} (absent otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FieldError", description = "One invalid field; `line` and `column` (1-based) only on a module's syntax error")
public record FieldError(String field, String message,
        @Schema(description = "1-based line of a syntax error in the module named by `field`") Integer line,
        @Schema(description = "1-based column of a syntax error in the module named by `field`") Integer column) {

    public FieldError(String field, String message) {
        this(field, message, null, null);
    }
}
