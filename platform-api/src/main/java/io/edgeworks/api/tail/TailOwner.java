package io.edgeworks.api.tail;

import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;

import java.util.UUID;

/**
 * Who started a tail, kept next to the registry entry ({@link TailRegistry}) so that whichever replica ends it can audit
 * the end ({@code tail.stop}) under the same account and actor.
 */
record TailOwner(UUID accountId, String slug, String actor, String target) {
    static TailOwner of(AccountAccess access, String target) {
        return new TailOwner(access.accountId(), access.slug(), access.username(), target);
    }

    AccountAccess access() {
        return new AccountAccess(accountId, slug, actor, Role.VIEWER);
    }
}
