package io.edgeworks.api.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH /api/accounts/{a}/domains/{name}}: the settings of a domain (omitted: unchanged). */
public record UpdateDomain(
        @JsonProperty("https_redirect")
        @Schema(description = "Answer plain-HTTP requests for the domain with 308 to the same URL over HTTPS, while the edge "
                + "holds a certificate for it (ACME and domain-proof paths under /.well-known/ stay on HTTP)") Boolean httpsRedirect) {
}
