package io.edgeworks.api.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/accounts/{a}/services}. */
public record CreateService(@Schema(description = "A DNS label, unique in the account", example = "hello", required = true) String name) {
}
