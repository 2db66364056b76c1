package io.edgeworks.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.security.AccountAccess;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Writes the audit trail in the caller's transaction: who did what to which target, with a before/after
 * summary. Callers never put secret values into a summary (names only). A change made through an account API token
 * names the token ({@code token_id}, {@code token_name}) next to the actor, its creator.
 */
@ApplicationScoped
public class AuditLog {
    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The same entry outside any Hibernate session (e.g. from a socket's close handler), on a connection of its own
     * from {@code pool}, committed at once.
     */
    public Uni<Void> recordDetached(io.vertx.mutiny.sqlclient.Pool pool, AccountAccess access, String action, String target,
                                    Map<String, ?> summary) {
        String encoded;
        try {
            encoded = json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // an account deleted meanwhile has no audit log to write to (and its entries went with it)
        return pool.preparedQuery("insert into audit_log(account_id, account_slug, actor, action, target, summary) "
                        + "select $1, $2, $3, $4, $5, cast($6 as jsonb) where exists (select 1 from accounts where id = $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.from(java.util.List.of(access.accountId(), access.slug(), access.username(),
                        action, target, encoded)))
                .replaceWithVoid();
    }

    public Uni<Void> record(AccountAccess access, String action, String target, Map<String, ?> summary) {
        String encoded;
        try {
            encoded = json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into audit_log(account_id, account_slug, actor, action, target, summary, token_id, token_name) "
                                + "values (:account, :slug, :actor, :action, :target, cast(cast(:summary as text) as jsonb), "
                                + "cast(cast(:tokenId as text) as uuid), cast(:tokenName as text))")
                .setParameter("account", access.accountId())
                .setParameter("slug", access.slug())
                .setParameter("actor", access.username())
                .setParameter("action", action)
                .setParameter("target", target)
                .setParameter("summary", encoded)
                .setParameter("tokenId", access.token() == null ? null : access.token().id().toString())
                .setParameter("tokenName", access.token() == null ? null : access.token().name())
                .executeUpdate())
                .replaceWithVoid();
    }
}
