package io.edgeworks.api.environment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH …/environments/{e}}. */
public record RenameEnvironment(@Schema(description = "The new name; the hostname follows", example = "preview", required = true) String name) {
}
