-- Durable KV (issue 15): PostgreSQL is the source of truth of KV values; Redis (hash edgeworks:kv:<namespace>) is the
-- read path of edge nodes and of the KV API. Writes reach this table from the API directly and from edge nodes through
-- the Redis stream edgeworks:kv-writes (kv.KvWriteConsumer). version_ms/version_seq is the write's stream entry id
-- (bundle KvVersion): a row only ever moves to a higher version (last writer wins), so a replayed or reordered write
-- changes nothing. A delete keeps the row with value null (a tombstone) so that an older put replayed later cannot
-- bring the key back; tombstones older than platform.kv.tombstone-retention are purged. Keys are stored as their UTF-8
-- bytes (a worker's key may hold characters text cannot, such as U+0000). Values are bounded by the callers
-- (platform.limits.kv-value-bytes, edge.kv.max-value-bytes; 5 MiB by default).
create table kv_values (
    namespace_id  uuid not null references kv_namespaces(id) on delete cascade,
    key           bytea not null,
    value         bytea,
    version_ms    bigint not null,
    version_seq   bigint not null,
    updated_at    timestamptz not null default now(),
    primary key (namespace_id, key)
);

create index kv_values_tombstones on kv_values (updated_at) where value is null;

-- One row once the values Redis held before this table existed have been copied into it (kv.KvRestorer, at the
-- first start of a platform-api with durable KV); until then a restore imports from Redis instead of overwriting it.
create table kv_redis_import (
    imported_at  timestamptz not null
);
