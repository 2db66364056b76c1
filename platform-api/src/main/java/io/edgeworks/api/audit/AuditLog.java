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
