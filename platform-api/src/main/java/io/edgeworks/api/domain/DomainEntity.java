package io.edgeworks.api.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A domain an account claims ({@code pending}) or holds ({@code active}, after proof of control); its
 * routes must stay under its domains and are served only under active ones. Updates write only the
 * columns that changed ({@code @DynamicUpdate}): a settings change and the retry job's activation of the
 * same row may overlap, and a whole-row update would undo the other's column.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "domains")
public class DomainEntity {
    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";

    @Id
    public UUID id;
    @Column(name = "account_id", nullable = false)
    public UUID accountId;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String status;
    /** The value the TXT record or the HTTP proof must answer. */
    @Column(nullable = false)
    public String token;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "verified_at")
    public Instant verifiedAt;
    /** When a pending claim is removed unless proven first; null once active. */
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "checked_at")
    public Instant checkedAt;
    /** What the last failed check looked up and found. */
    @Column(name = "last_check")
    public String lastCheck;

    /** Redirect plain HTTP to HTTPS while the edge holds a certificate for the name (V91). */
    @Column(name = "https_redirect", nullable = false)
    public boolean httpsRedirect;

    /** The certificate's status (V90 {@code certificates}), null when the job has not taken the domain up. Read-only. */
    @org.hibernate.annotations.Formula("(select c.status from certificates c where c.domain_id = id)")
    public String certificateStatus;
    @org.hibernate.annotations.Formula("(select c.not_after from certificates c where c.domain_id = id)")
    public Instant certificateNotAfter;
    @org.hibernate.annotations.Formula("(select c.last_error from certificates c where c.domain_id = id)")
    public String certificateError;

    boolean active() {
        return ACTIVE.equals(status);
    }
}
