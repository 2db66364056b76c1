package io.edgeworks.api.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account API token as listed: never its secret. */
public record ApiTokenView(UUID id, String name, List<String> scopes,
                           @Schema(description = "The user the token acts for; its rights never exceed this user's current role") String createdBy,
                           Instant createdAt,
                           @Schema(nullable = true, description = "Null: never expires") Instant expiresAt,
                           @Schema(nullable = true, description = "Recorded at most once per platform.tokens.last-used-interval") Instant lastUsedAt,
                           @Schema(nullable = true) Instant revokedAt,
                           @Schema(nullable = true) String revokedBy,
                           @Schema(description = "active, expired or revoked", example = "active") String status) {
}
