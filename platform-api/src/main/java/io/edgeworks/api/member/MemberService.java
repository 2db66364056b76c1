package io.edgeworks.api.member;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Members of an account. Admins add, change and remove members; only owners grant or take away the owner
 * role; an account always keeps at least one owner.
 */
@ApplicationScoped
public class MemberService {
    private final MemberRepository members;
    private final AccessGuard guard;
    private final AuditLog audit;

    public MemberService(MemberRepository members, AccessGuard guard, AuditLog audit) {
        this.members = members;
        this.guard = guard;
        this.audit = audit;
    }

    /** The member after the change and whether they were added (true) or changed (false). */
    public record Outcome(MemberView member, boolean created) {
    }

    @WithSession
    public Uni<List<MemberView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> members.listByAccount(access.accountId()));
    }

    @WithTransaction
    public Uni<Outcome> put(String slug, String username, PutMember body) {
        if (!Names.USERNAME.matcher(username).matches()) {
            throw ProblemException.invalid("username", "'" + username + "' is not a valid username");
        }
        String roleName = body == null ? null : body.role();
        Role role = Role.parse(roleName).orElseThrow(() -> ProblemException.invalid("role",
                (roleName == null ? "is required" : "'" + roleName + "' is not a role") + "; use one of " + Role.allowed()));
        return guard.require(slug, Role.ADMIN).chain(access -> members.findRole(access.accountId(), username).chain(current -> {
            Role before = current == null ? null : Role.parse(current).orElseThrow();
            requireOwnerForOwners(access, before, role);
            if (before == null) {
                return members.insert(access.accountId(), username, role.id())
                        .call(() -> audit.record(access, "member.add", username, Map.of("after", Map.of("role", role.id()))))
                        .map(n -> new Outcome(new MemberView(username, role, java.time.Instant.now()), true));
            }
            return keepAnOwner(access, before, role)
                    .call(() -> members.updateRole(access.accountId(), username, role.id()))
                    .call(() -> audit.record(access, "member.update", username,
                            Map.of("before", Map.of("role", before.id()), "after", Map.of("role", role.id()))))
                    .chain(() -> members.listByAccount(access.accountId()))
                    .map(all -> new Outcome(all.stream().filter(m -> m.username().equals(username)).findFirst().orElseThrow(), false));
        }));
    }

    @WithTransaction
    public Uni<Void> remove(String slug, String username) {
        return guard.require(slug, Role.ADMIN).chain(access -> members.findRole(access.accountId(), username).chain(current -> {
            if (current == null) {
                throw ProblemException.notFound("'" + username + "' is not a member of account '" + slug + "'");
            }
            Role before = Role.parse(current).orElseThrow();
            requireOwnerForOwners(access, before, null);
            return keepAnOwner(access, before, null)
                    .call(() -> members.delete(access.accountId(), username))
                    .call(() -> audit.record(access, "member.remove", username, Map.of("before", Map.of("role", before.id()))))
                    .replaceWithVoid();
        }));
    }

    private static void requireOwnerForOwners(AccountAccess access, Role before, Role after) {
        boolean touchesOwner = before == Role.OWNER || after == Role.OWNER;
        if (touchesOwner && access.role() != Role.OWNER) {
            throw ProblemException.forbidden("only owners can grant or take away the owner role; you are '" + access.role().id() + "'");
        }
    }

    private Uni<Void> keepAnOwner(AccountAccess access, Role before, Role after) {
        if (before != Role.OWNER || after == Role.OWNER) {
            return Uni.createFrom().voidItem();
        }
        return members.countOwners(access.accountId()).map(owners -> {
            if (owners <= 1) {
                throw ProblemException.conflict("account '" + access.slug() + "' must keep at least one owner; make someone else owner first");
            }
            return null;
        });
    }
}
