package io.edgeworks.api.member;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT /api/accounts/{a}/members/{username}}. */
public record PutMember(@Schema(description = "owner, admin, developer or viewer", example = "developer", required = true) String role) {
}
