package io.edgeworks.api.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A tenant. {@code slug} names it in URLs and hostnames. */
@Entity
@Table(name = "accounts")
public class AccountEntity {
    @Id
    public UUID id;
    @Column(nullable = false, unique = true)
    public String slug;
    @Column(nullable = false)
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
