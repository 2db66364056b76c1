package io.edgeworks.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, served as {@code application/problem+json}. */
@Schema(name = "Problem", description = "RFC 9457 problem details; `errors` lists the invalid fields of a 400, `quota` names the quota "
        + "or rate limit that refused a 400, 413 or 429")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, QuotaDetail quota) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }
}
