package io.edgeworks.api.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Proof of control of custom domains (prefix {@code platform.domains}). */
@ConfigMapping(prefix = "platform.domains")
public interface DomainConfig {

    /**
     * DNS server that answers the TXT ({@code _edgeworks.<name>}) and A lookups of proofs, as
     * {@code host:port} (port 53 when left out). Empty: the system's resolver. The local stack points it
     * at pebble-challtestsrv (127.0.0.1:8053).
     */
    Optional<String> resolver();

    /** Port of the HTTP proof ({@code GET http://<name>:<port>/.well-known/edgeworks-challenge/<token>}). */
    @WithDefault("80")
    int httpPort();

    /**
     * Whether the HTTP proof may connect to loopback, private, link-local or unique-local addresses. Off in
     * production: a claimant could otherwise point a name at internal services. On in dev and test, and in
     * the local stack, where every name resolves to 127.0.0.1.
     */
    @WithDefault("false")
    boolean httpPrivateAddresses();

    /** How long a pending claim lives without proof before it is removed. */
    @WithDefault("7d")
    Duration pendingTtl();

    /** How often this replica retries pending claims; a claim is checked at most once per interval. */
    @WithDefault("5m")
    Duration checkInterval();

    /** Most pending claims one run of the retry job checks (per replica). */
    @WithDefault("20")
    int checkBatch();

    /** Time limit of one DNS query and of the whole HTTP proof request. */
    @WithDefault("5s")
    Duration checkTimeout();
}
