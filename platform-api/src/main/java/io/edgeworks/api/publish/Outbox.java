package io.edgeworks.api.publish;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Records that published state must change, in the caller's transaction: a change and its outbox row
 * commit or roll back together. A trigger on the outbox (V50__publish.sql) sends a PostgreSQL NOTIFY
 * that is delivered at commit, which wakes the {@link PublishScheduler} of every replica; the
 * {@link OutboxRelay} then publishes the account to Redis.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Announces that something of the account changed (code, vars, secrets, bindings, deployments,
     * environments, services, routes) or that the account was deleted. Call it inside the change's
     * transaction ({@code @WithTransaction}).
     */
    public Uni<Void> accountChanged(UUID accountId, String accountSlug) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into outbox(kind, account_id, ref) values ('account', :id, jsonb_build_object('account', cast(:slug as text)))")
                .setParameter("id", accountId)
                .setParameter("slug", accountSlug)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Asks the relay to rebuild and republish the whole published state (notice with {@code full=true}),
     * e.g. after the signing key or the bundle format changed. Same transaction rules as
     * {@link #accountChanged}.
     */
    public Uni<Void> fullRepublish() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into outbox(kind) values ('full')")
                .executeUpdate())
                .replaceWithVoid();
    }
}
