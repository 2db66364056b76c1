package io.edgeworks.api.common;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The quota a refused request reached: an extension member of {@link Problem} (RFC 9457 §3.2). */
@Schema(name = "QuotaDetail", description = "The quota or rate limit that refused the request, the current use and the setting that raises it")
public record QuotaDetail(
        @Schema(description = "Name of the quota", example = "services-per-account") String name,
        @Schema(description = "The configured limit", example = "100") long limit,
        @Schema(description = "Current use (for rate limits: requests in the current window)", example = "100") long current,
        @Schema(description = "Configuration property of platform-api that sets the limit", example = "platform.quotas.services-per-account") String setting) {
}
