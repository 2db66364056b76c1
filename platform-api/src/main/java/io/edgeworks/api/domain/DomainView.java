package io.edgeworks.api.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A domain the account claims or holds, with what to publish to prove control of it. */
public record DomainView(
        @Schema(example = "example.com") String name,
        @Schema(description = "pending until proof of control, then active (only active domains serve routes)",
                enumeration = {"pending", "active"}) String status,
        Verification verification,
        Certificate certificate,
        @Schema(description = "Plain-HTTP requests get 308 to HTTPS once the certificate is valid (PATCH to change)") boolean httpsRedirect,
        Instant createdAt,
        @Schema(description = "When the proof succeeded; null while pending") Instant verifiedAt,
        @Schema(description = "When a pending claim is removed unless proven first; null once active") Instant expiresAt,
        @Schema(description = "What the last failed check looked up and found; null when none failed") String lastCheck) {

    /** Either proof makes the claim active: the TXT record, or the HTTP token. */
    @Schema(name = "DomainVerification")
    public record Verification(
            @Schema(description = "Name of the DNS TXT record to publish", example = "_edgeworks.example.com") String txtName,
            @Schema(description = "Value of the TXT record, also the body the HTTP path must answer") String txtValue,
            @Schema(description = "Path that http://<name>/ must answer with the value", example = "/.well-known/edgeworks-challenge/<token>") String httpPath) {
    }

    /**
     * TLS certificate of the domain, ordered from the platform's ACME CA once the domain is active (README
     * "Custom domains"): {@code none} (not taken up yet, or certificates are off), {@code pending} (first order
     * under way), {@code valid}, {@code failed} (the last order failed: {@code last_error} says why; an older
     * certificate, when {@code not_after} shows one, is still served).
     */
    @Schema(name = "DomainCertificate")
    public record Certificate(
            @Schema(enumeration = {"none", "pending", "valid", "failed"}) String status,
            @Schema(description = "End of validity of the stored certificate; null when none is stored") Instant notAfter,
            @Schema(description = "Why the last order failed, in the CA's words; null unless failed") String lastError) {
        static final Certificate NONE = new Certificate("none", null, null);

        static Certificate of(DomainEntity d) {
            if (d.certificateStatus == null) {
                return NONE;
            }
            return new Certificate(d.certificateStatus, d.certificateNotAfter, "failed".equals(d.certificateStatus) ? d.certificateError : null);
        }
    }

    static DomainView of(DomainEntity d) {
        return new DomainView(d.name, d.status,
                new Verification(Proofs.txtName(d.name), d.token, Proofs.httpPath(d.token)),
                Certificate.of(d), d.httpsRedirect, d.createdAt, d.verifiedAt, d.expiresAt, d.lastCheck);
    }
}
