package io.edgeworks.api.kv;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/accounts/{a}/kv/namespaces}. */
public record CreateNamespace(@Schema(description = "A DNS label, unique in the account", example = "cache", required = true) String name) {
}
