package io.edgeworks.api.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An environment of a service. {@code latestVersion} is the version counter; only
 * {@link EnvironmentRepository#nextVersionNumber} writes it, so the entity never overwrites it.
 */
@Entity
@Table(name = "environments")
public class EnvironmentEntity {
    public static final String PRODUCTION = "production";

    @Id
    public UUID id;
    @Column(name = "service_id", nullable = false)
    public UUID serviceId;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false, unique = true)
    public String hostname;
    @Column(name = "latest_version", insertable = false, updatable = false)
    public Integer latestVersion;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    /** The full-stack preview that made this environment, or null. */
    @Column(name = "preview_id")
    public UUID previewId;
}
