package io.edgeworks.api.token;

import io.edgeworks.api.common.Rows;
import io.edgeworks.api.security.TokenScopes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Queries of {@code api_tokens}. Management runs in the caller's Panache session; authentication
 * ({@link #findForAuthentication}, {@link #touch}) uses the reactive pool directly, because it runs in the HTTP
 * authentication layer, before and outside any resource's session.
 */
@ApplicationScoped
class ApiTokenRepository {
    private static final String COLUMNS = "id, name, scopes, created_by, created_at, expires_at, last_used_at, revoked_at, revoked_by";

    private final Pool pool;

    ApiTokenRepository(Pool pool) {
        this.pool = pool;
    }

    /** A token row as authentication needs it. */
    record Stored(UUID id, UUID accountId, String accountSlug, byte[] secretHash, String name, String scopes, String createdBy,
                  Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    }

    Uni<Void> insert(UUID id, UUID accountId, ApiTokenSecret secret, String name, TokenScopes scopes, String createdBy,
                     Instant createdAt, Instant expiresAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into api_tokens(id, account_id, lookup_id, secret_hash, name, scopes, created_by, created_at, expires_at) "
                                + "values (:id, :account, :lookup, :hash, :name, :scopes, :by, :created, :expires)")
                .setParameter("id", id)
                .setParameter("account", accountId)
                .setParameter("lookup", secret.lookupId())
                .setParameter("hash", secret.hash())
                .setParameter("name", name)
                .setParameter("scopes", scopes.stored())
                .setParameter("by", createdBy)
                .setParameter("created", createdAt)
                .setParameter("expires", expiresAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The account's newest {@code limit} tokens that are not revoked, newest first. */
    Uni<List<ApiTokenView>> listUnrevoked(UUID accountId, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS + " from api_tokens "
                        + "where account_id = :account and revoked_at is null order by created_at desc, id limit :limit", Object[].class)
                .setParameter("account", accountId)
                .setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(ApiTokenRepository::view).toList());
    }

    /** The token of the account with that id, revoked or not; null when there is none. */
    Uni<ApiTokenView> find(UUID accountId, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS + " from api_tokens "
                        + "where account_id = :account and id = :id", Object[].class)
                .setParameter("account", accountId)
                .setParameter("id", id)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : view(rows.getFirst()));
    }

    /** Marks the token revoked unless it already is; answers whether it changed. */
    Uni<Boolean> revoke(UUID accountId, UUID id, String by) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update api_tokens set revoked_at = now(), revoked_by = :by where account_id = :account and id = :id and revoked_at is null")
                .setParameter("by", by)
                .setParameter("account", accountId)
                .setParameter("id", id)
                .executeUpdate())
                .map(count -> count > 0);
    }

    Uni<Stored> findForAuthentication(String lookupId) {
        return pool.preparedQuery("select t.id, t.account_id, a.slug, t.secret_hash, t.name, t.scopes, t.created_by, t.expires_at, "
                        + "t.last_used_at, t.revoked_at from api_tokens t join accounts a on a.id = t.account_id where t.lookup_id = $1")
                .execute(Tuple.of(lookupId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Stored(r.getUUID("id"), r.getUUID("account_id"), r.getString("slug"),
                            r.getBuffer("secret_hash").getBytes(), r.getString("name"), r.getString("scopes"), r.getString("created_by"),
                            instant(r.getOffsetDateTime("expires_at")), instant(r.getOffsetDateTime("last_used_at")),
                            instant(r.getOffsetDateTime("revoked_at")));
                });
    }

    /** Records a use; never moves {@code last_used_at} backwards. */
    Uni<Void> touch(UUID id, Instant at) {
        return pool.preparedQuery("update api_tokens set last_used_at = $2 where id = $1 and (last_used_at is null or last_used_at < $2)")
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static ApiTokenView view(Object[] row) {
        Instant expiresAt = Rows.instant(row[5]);
        Instant revokedAt = Rows.instant(row[7]);
        return new ApiTokenView(Rows.uuid(row[0]), Rows.string(row[1]), TokenScopes.stored(Rows.string(row[2])).values(),
                Rows.string(row[3]), Rows.instant(row[4]), expiresAt, Rows.instant(row[6]), revokedAt, Rows.string(row[8]),
                status(expiresAt, revokedAt, Instant.now()));
    }

    static String status(Instant expiresAt, Instant revokedAt, Instant now) {
        return revokedAt != null ? "revoked" : expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }
}
