package io.edgeworks.api.account;

import io.edgeworks.api.security.Role;

import java.time.Instant;

/** An account as its member sees it, with the member's role. */
public record AccountView(String slug, String name, Role role, Instant createdAt) {
}
