package io.edgeworks.api.route;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A custom route: requests matching {@code pattern} go to an environment. */
@Entity
@Table(name = "routes")
public class RouteEntity {
    @Id
    public UUID id;
    @Column(name = "account_id", nullable = false)
    public UUID accountId;
    @Column(nullable = false, unique = true)
    public String pattern;
    @Column(name = "environment_id", nullable = false)
    public UUID environmentId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
