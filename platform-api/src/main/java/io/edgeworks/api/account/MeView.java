package io.edgeworks.api.account;

import io.edgeworks.api.security.Role;

import java.util.List;

/** The caller and the accounts they belong to. */
public record MeView(String username, List<Membership> accounts) {
    public record Membership(String slug, Role role) {
    }
}
