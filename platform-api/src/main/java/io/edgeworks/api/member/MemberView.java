package io.edgeworks.api.member;

import io.edgeworks.api.security.Role;

import java.time.Instant;

/** A member of an account. */
public record MemberView(String username, Role role, Instant createdAt) {
}
