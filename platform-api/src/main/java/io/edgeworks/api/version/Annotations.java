package io.edgeworks.api.version;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Metadata of a version; not part of its content (changing only these creates no version). */
public record Annotations(
        @Schema(description = "What changed", example = "fix login redirect") String message,
        @Schema(description = "A release tag", example = "v1.4.2") String tag,
        @Schema(description = "Source control commit", example = "9fceb02") String commit) {

    public static final Annotations NONE = new Annotations(null, null, null);

    public static Annotations message(String message) {
        return new Annotations(message, null, null);
    }
}
