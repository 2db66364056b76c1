package io.edgeworks.api.certificate;

import java.util.UUID;

/**
 * Associated data of the certificate secrets sealed at rest ({@code SecretVault.sealBound}): a sealed value
 * copied into another row does not open.
 */
public final class CertificateSealing {
    private CertificateSealing() {
    }

    /** The platform's ACME account key for one directory. */
    public static String accountKey(String directory) {
        return "edgeworks-acme-account/v1:" + directory;
    }

    /** The private key of a domain's certificate. */
    public static String domainKey(UUID domainId, String name) {
        return "edgeworks-certificate-key/v1:" + domainId + ":" + name;
    }
}
