package io.edgeworks.api.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/accounts}. */
public record CreateAccount(
        @Schema(description = "URL and hostname name of the account: a DNS label", example = "acme", required = true) String slug,
        @Schema(description = "Display name; defaults to the slug", example = "Acme Inc.") String name) {
}
