package io.edgeworks.api.member;

import io.edgeworks.api.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Membership operations other features need (account creation makes its creator owner). */
@ApplicationScoped
public class Memberships {
    private final MemberRepository members;

    public Memberships(MemberRepository members) {
        this.members = members;
    }

    public Uni<Void> addOwner(UUID accountId, String username) {
        return members.insert(accountId, username, Role.OWNER.id()).replaceWithVoid();
    }
}
