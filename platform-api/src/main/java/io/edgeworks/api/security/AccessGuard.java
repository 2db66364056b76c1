package io.edgeworks.api.security;

import io.edgeworks.api.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Tenancy: every call on an account goes through here first. A caller who is not a member gets 404 (the
 * account's existence is not disclosed); a member whose role is too low gets 403.
 *
 * <p>A call through an account API token ({@link TokenGrant}) acts as the token's creator, so the creator's
 * current role applies first (creator removed from the account: 403, demoted: less); a token used on any other
 * account gets the same 404 as a non-member; then the token's {@link TokenScopes} must allow the call: calls that
 * users make with role viewer need a reading scope, developer calls {@code deploy}, admin and owner calls
 * {@code admin}. Environment-scoped writes use {@link #require(String, Role, String)}, so that a
 * {@code deploy:<glob>} scope allows them on matching environments only.
 */
@ApplicationScoped
public class AccessGuard {
    private final AccessRepository repository;
    private final CurrentUser currentUser;

    public AccessGuard(AccessRepository repository, CurrentUser currentUser) {
        this.repository = repository;
        this.currentUser = currentUser;
    }

    /** Must run inside a session ({@code @WithSession} or {@code @WithTransaction}). */
    public Uni<AccountAccess> require(String slug, Role required) {
        return check(slug, required, TokenScopes.Need.of(required), null);
    }

    /**
     * As {@link #require(String, Role)} for a write to one environment of a service (versions, deployments, secrets,
     * vars, bindings, triggers, creating, renaming and deleting the environment): a token scope
     * {@code deploy:<glob>} allows it when {@code environment} matches (403 naming the restriction otherwise).
     */
    public Uni<AccountAccess> require(String slug, Role required, String environment) {
        return check(slug, required, TokenScopes.Need.of(required), environment);
    }

    /**
     * As {@link #require(String, Role, String)} for a write that users make with {@code required} (e.g. admin for
     * routes) but that a token's {@code deploy} scope covers too.
     */
    public Uni<AccountAccess> requireDeploy(String slug, Role required, String environment) {
        return check(slug, required, TokenScopes.Need.DEPLOY, environment);
    }

    /**
     * For calls gated by a scope of their own: {@code "tail"} (starting a live tail; users need role developer,
     * tokens scope {@code tail} or {@code admin}), or any other scope name with the role its users need.
     */
    public Uni<AccountAccess> requireScope(String slug, String scope) {
        return switch (scope) {
            case TokenScopes.TAIL -> check(slug, Role.DEVELOPER, TokenScopes.Need.TAIL, null);
            case TokenScopes.READ -> require(slug, Role.VIEWER);
            case TokenScopes.DEPLOY -> require(slug, Role.DEVELOPER);
            case TokenScopes.ADMIN -> require(slug, Role.ADMIN);
            default -> throw new IllegalArgumentException("unknown token scope '" + scope + "'; use " + TokenScopes.grammar());
        };
    }

    /** Refuses (403) calls made through an API token: those that need the user's own login ({@code what}, e.g. "create API tokens"). */
    public void requireUserLogin(String what) {
        currentUser.token().ifPresent(token -> {
            throw ProblemException.forbidden(token.label() + " cannot " + what + "; use your own login");
        });
    }

    /** The account API token the call came through; empty for a user's own login. */
    public Optional<TokenGrant> token() {
        return currentUser.token();
    }

    private Uni<AccountAccess> check(String slug, Role required, TokenScopes.Need need, String environment) {
        String username = currentUser.username();
        TokenGrant token = currentUser.token().orElse(null);
        return repository.findAccountWithRoleOf(slug, username).map(found -> {
            if (found == null || token != null && !token.accountId().equals(found.accountId())) {
                throw ProblemException.notFound("account '" + slug + "' not found");
            }
            if (found.role() == null) {
                if (token != null) {
                    throw ProblemException.forbidden(token.label() + " acts for '" + username + "', who is no longer a member of account '"
                            + slug + "': it has no rights; revoke it and create a new one");
                }
                throw ProblemException.notFound("account '" + slug + "' not found");
            }
            Role role = Role.parse(found.role()).orElseThrow();
            if (!role.atLeast(required)) {
                throw ProblemException.forbidden("this call needs role '" + required.id() + "' or higher in account '"
                        + slug + "'; " + (token == null ? "you are '" + role.id() + "'"
                        : token.label() + " acts for '" + username + "', who is '" + role.id() + "'"));
            }
            if (token == null) {
                return new AccountAccess(found.accountId(), found.slug(), username, role);
            }
            String denial = token.scopes().denial(token.label(), need, environment);
            if (denial != null) {
                throw ProblemException.forbidden(denial);
            }
            return new AccountAccess(found.accountId(), found.slug(), username, token.scopes().cap(role),
                    new AccountAccess.Token(token.id(), token.name()));
        });
    }

    public String username() {
        return currentUser.username();
    }
}
