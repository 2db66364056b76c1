package io.edgeworks.api.kv;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A KV namespace of an account; its values live in Redis under {@code RedisLayout.kvKey(id)}. */
@Entity
@Table(name = "kv_namespaces")
public class KvNamespaceEntity {
    @Id
    public UUID id;
    @Column(name = "account_id", nullable = false)
    public UUID accountId;
    @Column(nullable = false)
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
