package io.edgeworks.api.account;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.kv.KvStore;
import io.edgeworks.api.kv.KvNamespaces;
import io.edgeworks.api.member.Memberships;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Accounts: creation (the caller becomes owner), listing, deletion (owners only). */
@ApplicationScoped
public class AccountService {
    private final AccountRepository accounts;
    private final Memberships memberships;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final KvNamespaces kvNamespaces;
    private final KvStore kvStore;
    private final Quotas quotas;

    public AccountService(AccountRepository accounts, Memberships memberships, AccessGuard guard, AuditLog audit,
                          Outbox outbox, KvNamespaces kvNamespaces, KvStore kvStore, Quotas quotas) {
        this.quotas = quotas;
        this.accounts = accounts;
        this.memberships = memberships;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
        this.kvNamespaces = kvNamespaces;
        this.kvStore = kvStore;
    }

    @WithTransaction
    public Uni<AccountView> create(CreateAccount command) {
        guard.requireUserLogin("create accounts");
        String username = guard.username();
        if (command == null) {
            throw ProblemException.invalid("slug", "is required (body {\"slug\": \"acme\", \"name\": \"Acme\"})");
        }
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "slug", command.slug());
        String name = command.name() == null || command.name().isBlank() ? command.slug() : command.name().trim();
        if (name != null && name.length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        errors.throwIfAny();
        return accounts.findBySlug(command.slug()).call(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("account slug '" + command.slug() + "' is already taken");
            }
            return quotas.claimSlug(command.slug(), username).chain(() -> quotas.requireAccountRoom(username));
        }).chain(none -> {
            AccountEntity account = new AccountEntity();
            account.id = UUID.randomUUID();
            account.slug = command.slug();
            account.name = name;
            account.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return accounts.persist(account)
                    .call(() -> accounts.flush())
                    .call(() -> memberships.addOwner(account.id, username))
                    .call(() -> audit.record(new io.edgeworks.api.security.AccountAccess(account.id, account.slug, username, Role.OWNER),
                            "account.create", account.slug, Map.of("after", Map.of("slug", account.slug, "name", account.name))))
                    .map(saved -> new AccountView(account.slug, account.name, Role.OWNER, account.createdAt));
        });
    }

    @WithSession
    public Uni<List<AccountView>> listMine() {
        return accounts.listMembershipsOf(guard.username()).map(rows -> rows.stream().filter(this::visible)
                .map(m -> new AccountView(m.slug(), m.name(), Role.parse(m.role()).orElseThrow(), m.createdAt()))
                .toList());
    }

    @WithSession
    public Uni<MeView> me() {
        String username = guard.username();
        return accounts.listMembershipsOf(username).map(rows -> new MeView(username, rows.stream().filter(this::visible)
                .map(m -> new MeView.Membership(m.slug(), Role.parse(m.role()).orElseThrow())).toList()));
    }

    @WithSession
    public Uni<AccountView> get(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> accounts.findById(access.accountId())
                .map(a -> new AccountView(a.slug, a.name, access.role(), a.createdAt)));
    }

    /** Deletes the account with everything in it, then drops its KV data from Redis. */
    public Uni<Void> delete(String slug) {
        return Panache.withTransaction(() -> guard.require(slug, Role.OWNER).chain(access ->
                        kvNamespaces.idsOf(access.accountId())
                                .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                                .call(() -> audit.record(access, "account.delete", access.slug(), Map.of("before", Map.of("slug", access.slug()))))
                                .call(() -> quotas.releaseSlug(access))
                                .call(() -> accounts.deleteAccount(access.accountId()))))
                .chain(kvStore::dropNamespaces);
    }

    /** A call through an account API token sees only the token's account among its creator's memberships. */
    private boolean visible(AccountRepository.Membership membership) {
        return guard.token().map(token -> token.accountSlug().equals(membership.slug())).orElse(true);
    }
}
