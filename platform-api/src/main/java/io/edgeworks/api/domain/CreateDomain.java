package io.edgeworks.api.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/accounts/{a}/domains}. */
public record CreateDomain(@Schema(description = "A DNS name of two or more labels", example = "example.com", required = true) String name) {
}
