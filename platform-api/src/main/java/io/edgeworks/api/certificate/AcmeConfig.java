package io.edgeworks.api.certificate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** TLS certificates of custom domains from an ACME CA (prefix {@code platform.acme}); README "Custom domains". */
@ConfigMapping(prefix = "platform.acme")
public interface AcmeConfig {

    /**
     * The CA's ACME directory, e.g. {@code https://acme-v02.api.letsencrypt.org/directory}. Absent: no
     * certificates are ordered (domains show certificate status {@code none}).
     */
    Optional<URI> directoryUrl();

    /**
     * PEM file of extra CA certificates to trust for the directory's own HTTPS (Pebble's, in the local stack
     * and tests). Absent: the JDK's trust store only.
     */
    Optional<Path> trustCertificate();

    /** Contact address registered with the ACME account (expiry notices of the CA). */
    Optional<String> contactEmail();

    /** A certificate is renewed once it expires within this. */
    @WithDefault("30d")
    Duration renewBefore();

    /** How often each replica looks for domains that need a certificate. */
    @WithDefault("5m")
    Duration checkInterval();

    /** When a failed order is tried again. */
    @WithDefault("1h")
    Duration retryAfterFailure();

    /** Time limit of waiting for the CA: the challenge validation and the order each. */
    @WithDefault("60s")
    Duration timeout();

    /** Most certificates one run of the job orders (per replica; orders run one after the other). */
    @WithDefault("5")
    int batch();
}
