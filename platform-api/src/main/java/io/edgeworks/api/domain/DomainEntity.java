package io.edgeworks.api.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A domain an account holds; its routes must stay under its domains. */
@Entity
@Table(name = "domains")
public class DomainEntity {
    @Id
    public UUID id;
    @Column(name = "account_id", nullable = false)
    public UUID accountId;
    @Column(nullable = false, unique = true)
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
