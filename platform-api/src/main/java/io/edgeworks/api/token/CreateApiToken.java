package io.edgeworks.api.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /api/accounts/{a}/tokens}: give {@code expires_at} or {@code ttl}, or neither (never expires). */
public record CreateApiToken(
        @Schema(description = "What the token is for, 1-100 characters", example = "ci-deploy", required = true) String name,
        @Schema(description = "One or more of read, deploy, deploy:<environment glob>, tail, admin", example = "[\"deploy:preview-*\"]", required = true)
        List<String> scopes,
        @Schema(description = "When the token stops working (RFC 3339); not with ttl", example = "2027-06-30T00:00:00Z") Instant expiresAt,
        @Schema(description = "Lifetime from now: ISO-8601 (P90D, PT12H) or a number with unit s, m, h, d (90d, 12h); not with expires_at",
                example = "90d") String ttl) {
}
