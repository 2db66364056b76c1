package io.edgeworks.api.version;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT …/secrets/{name}}. The value is encrypted at rest and never returned. */
public record PutSecret(@Schema(description = "The secret value", required = true, example = "s3cr3t") String value) {
}
