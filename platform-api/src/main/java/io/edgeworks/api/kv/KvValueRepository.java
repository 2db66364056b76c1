package io.edgeworks.api.kv;

import io.edgeworks.bundle.KvVersion;
import io.edgeworks.bundle.KvWrite;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * KV values in PostgreSQL (table {@code kv_values}, V97): the source of truth. Every write is an upsert that only moves a
 * key to a higher {@link KvVersion} (last writer wins), so applying a write twice, or an older write after a newer one,
 * changes nothing; a delete leaves a tombstone (value null). A write for a namespace that no longer exists is skipped.
 * Keys are stored as UTF-8 bytes. Plain SQL on the reactive pool (the stream consumer and the restore run outside any
 * request; the API's writes commit on their own right after Redis accepted them).
 */
@ApplicationScoped
class KvValueRepository {
    private static final String UPSERT = """
            insert into kv_values (namespace_id, key, value, version_ms, version_seq)
            select $1, $2, $3::bytea, $4, $5 where exists (select 1 from kv_namespaces where id = $1)
            on conflict (namespace_id, key) do update
              set value = excluded.value, version_ms = excluded.version_ms, version_seq = excluded.version_seq, updated_at = now()
              where (kv_values.version_ms, kv_values.version_seq) < (excluded.version_ms, excluded.version_seq)""";

    private final Pool pool;

    KvValueRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored live key: its UTF-8 bytes and its value's length. */
    record StoredKey(byte[] key, int length) {
        String text() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    /** A key and its value. */
    record Entry(byte[] key, byte[] value) {
    }

    Pool pool() {
        return pool;
    }

    /** Applies one write (a put, or a delete when {@code value} is null); 1 when it changed the row, 0 when older or the namespace is gone. */
    Uni<Integer> apply(SqlClient client, UUID namespace, String key, byte[] value, KvVersion version) {
        return client.preparedQuery(UPSERT).execute(tuple(namespace, key, value, version)).map(rows -> rows.rowCount());
    }

    /** Applies writes from the stream in one batch (the caller's transaction). */
    Uni<Void> applyAll(SqlClient client, List<KvWrite> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = writes.stream().map(w -> tuple(w.namespace(), w.key(), w.value(), w.version())).toList();
        return client.preparedQuery(UPSERT).executeBatch(batch).replaceWithVoid();
    }

    private static Tuple tuple(UUID namespace, String key, byte[] value, KvVersion version) {
        return Tuple.of(namespace, Buffer.buffer(key.getBytes(StandardCharsets.UTF_8)), value == null ? null : Buffer.buffer(value),
                version.millis(), version.sequence());
    }

    /** The live value, or null when the key is absent or deleted. */
    Uni<byte[]> find(UUID namespace, String key) {
        return pool.preparedQuery("select value from kv_values where namespace_id = $1 and key = $2 and value is not null")
                .execute(Tuple.of(namespace, Buffer.buffer(key.getBytes(StandardCharsets.UTF_8))))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    /** Live keys after {@code after} (null: from the start), in byte order, at most {@code limit}, with their value lengths. */
    Uni<List<StoredKey>> keysAfter(UUID namespace, byte[] after, int limit) {
        String sql = "select key, octet_length(value) from kv_values where namespace_id = $1 and value is not null"
                + (after == null ? " and $2::bytea is null" : " and key > $2") + " order by key limit $3";
        return pool.preparedQuery(sql).execute(Tuple.of(namespace, after == null ? null : Buffer.buffer(after), limit))
                .map(rows -> {
                    List<StoredKey> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(new StoredKey(row.getBuffer(0).getBytes(), row.getInteger(1)));
                    }
                    return keys;
                });
    }

    /** The live values of these keys (those deleted or absent meanwhile are left out). */
    Uni<List<Entry>> values(UUID namespace, List<byte[]> keys) {
        Buffer[] array = keys.stream().map(Buffer::buffer).toArray(Buffer[]::new);
        return pool.preparedQuery("select key, value from kv_values where namespace_id = $1 and key = any($2) and value is not null")
                .execute(Tuple.of(namespace, array))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry(row.getBuffer(0).getBytes(), row.getBuffer(1).getBytes()));
                    }
                    return entries;
                });
    }

    /** Those of {@code ids} that are namespaces. */
    Uni<Set<UUID>> existing(Set<UUID> ids) {
        return pool.preparedQuery("select id from kv_namespaces where id = any($1)").execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    for (Row row : rows) {
                        found.add(row.getUUID(0));
                    }
                    return found;
                });
    }

    /** Every namespace id, in a stable order. */
    Uni<List<UUID>> namespaceIds() {
        return pool.query("select id from kv_namespaces order by id").execute().map(rows -> {
            List<UUID> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getUUID(0));
            }
            return ids;
        });
    }

    /** The highest version stored (tombstones included), or null when the table is empty. */
    Uni<KvVersion> maxVersion() {
        return pool.query("select version_ms, version_seq from kv_values order by version_ms desc, version_seq desc limit 1").execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next()).map(row -> row == null ? null
                        : new KvVersion(row.getLong(0), row.getLong(1)));
    }

    /** Imports values Redis held before durable KV existed, unless PostgreSQL already has the key (version 0-0: any write wins). */
    Uni<Void> importValues(UUID namespace, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        insert into kv_values (namespace_id, key, value, version_ms, version_seq)
                        select $1, $2, $3, 0, 0 where exists (select 1 from kv_namespaces where id = $1)
                        on conflict (namespace_id, key) do nothing""")
                .executeBatch(entries.stream().map(e -> Tuple.of(namespace, Buffer.buffer(e.key()), Buffer.buffer(e.value()))).toList())
                .replaceWithVoid();
    }

    Uni<Boolean> imported() {
        return pool.query("select 1 from kv_redis_import limit 1").execute().map(rows -> rows.size() > 0);
    }

    Uni<Void> markImported() {
        return pool.query("insert into kv_redis_import (imported_at) select now() where not exists (select 1 from kv_redis_import)")
                .execute().replaceWithVoid();
    }

    /** Deletes tombstones older than {@code retention}; answers how many. */
    Uni<Integer> purgeTombstones(Duration retention) {
        return pool.preparedQuery("delete from kv_values where value is null and updated_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds())).map(rows -> rows.rowCount());
    }
}
