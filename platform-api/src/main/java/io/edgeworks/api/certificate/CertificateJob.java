package io.edgeworks.api.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.Blocking;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.SealedSecret;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Certificates of active custom domains, every {@code platform.acme.check-interval} in each replica while
 * {@code platform.acme.directory-url} is set: enters active domains without a certificate, then takes up to
 * {@code platform.acme.batch} rows that are due (never ordered, expiring within {@code renew-before}, or a
 * failure's retry time passed) with {@code for update skip locked}, moving their next attempt ahead as a lease
 * so that no other replica orders the same name meanwhile. Each order runs on a worker thread, outside any
 * transaction (HTTP-01 answered through Redis by every edge node, {@link RedisHttp01}); the outcome is stored
 * in a short transaction: the chain and the sealed key with an outbox row (the account is republished, its
 * manifest carries the certificate) and audit {@code certificate.issue}, or the CA's reason, a retry time and
 * audit {@code certificate.fail}.
 */
@ApplicationScoped
public class CertificateJob {
    private static final Logger LOG = Logger.getLogger(CertificateJob.class);
    static final String PLATFORM_ACTOR = "platform";

    private final CertificateRepository certificates;
    private final AcmeConfig config;
    private final SecretVault vault;
    private final RedisHttp01 http01;
    private final Outbox outbox;
    private final AuditLog audit;
    private final ObjectMapper json;
    /** The last account key read, with the stored value it came from: a replaced row is read again. */
    private volatile CachedKey accountKey;

    private record CachedKey(String sealed, KeyPair key) {
    }

    CertificateJob(CertificateRepository certificates, AcmeConfig config, SecretVault vault, RedisHttp01 http01, Outbox outbox,
                   AuditLog audit, ObjectMapper json) {
        this.certificates = certificates;
        this.config = config;
        this.vault = vault;
        this.http01 = http01;
        this.outbox = outbox;
        this.audit = audit;
        this.json = json;
    }

    @Scheduled(identity = "certificate-orders", every = "${platform.acme.check-interval:5m}",
            delayed = "${platform.acme.check-interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (config.directoryUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runOnce().onFailure().recoverWithUni(e -> {
            LOG.warnf("certificate orders failed: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** One round: enrolment, then the due orders one after the other. Returns when all are stored. */
    public Uni<Void> runOnce() {
        URI directory = config.directoryUrl().orElseThrow(() -> new IllegalStateException("platform.acme.directory-url is not set"));
        long lease = config.timeout().multipliedBy(3).plusSeconds(60).toSeconds();
        // the trust file and the key first: a failure there must not leave due rows leased for nothing
        return Uni.createFrom().item(this::trusted).chain(trusted -> accountKey(directory.toString()).chain(key -> Panache.withTransaction(
                        () -> certificates.enrollActiveDomains().chain(() -> certificates.takeDue(config.batch(), lease)))
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    AcmeIssuer issuer = new AcmeIssuer(directory, trusted, key, config.contactEmail().orElse(null), config.timeout());
                    return Multi.createFrom().iterable(due)
                            .onItem().transformToUniAndConcatenate(d -> order(issuer, d))
                            .collect().last()
                            .replaceWithVoid();
                })));
    }

    private record Outcome(AcmeIssuer.Issued issued, String error) {
    }

    private Uni<Void> order(AcmeIssuer issuer, CertificateRepository.Due due) {
        AccountAccess actor = new AccountAccess(due.accountId(), due.slug(), PLATFORM_ACTOR, Role.OWNER);
        return Blocking.call(() -> {
                    try {
                        return new Outcome(issuer.issue(due.name(), http01), null);
                    } catch (AcmeIssuer.Failure e) {
                        return new Outcome(null, e.getMessage());
                    } catch (RuntimeException e) {
                        return new Outcome(null, "ordering the certificate failed: " + e);
                    }
                })
                .chain(outcome -> Panache.withTransaction(() -> outcome.issued() != null
                        ? stored(due, actor, outcome.issued())
                        : failed(due, actor, outcome.error())))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("storing the certificate order of %s failed: %s", due.name(), e.toString());
                    return null;
                })
                .replaceWithVoid();
    }

    private Uni<Void> stored(CertificateRepository.Due due, AccountAccess actor, AcmeIssuer.Issued issued) {
        Instant now = Instant.now();
        Instant renewAt = issued.notAfter().minus(config.renewBefore());
        // never sooner than a third into the lifetime: a CA issuing for less than renew-before is not asked again every round
        Instant floor = now.plus(Duration.between(now, issued.notAfter()).dividedBy(3));
        Instant next = renewAt.isAfter(floor) ? renewAt : floor;
        String sealed = toJson(vault.sealBound(CertificateSealing.domainKey(due.domainId(), due.name()), issued.keyPem()));
        return certificates.storeIssued(due.domainId(), issued.chainPem(), sealed, issued.notAfter(), next).chain(updated -> {
            if (!updated) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("certificate for %s (account %s) issued, valid until %s", due.name(), due.slug(), issued.notAfter());
            return outbox.accountChanged(due.accountId(), due.slug())
                    .call(() -> audit.record(actor, "certificate.issue", due.name(), Map.of(
                            "domain", due.name(), "not_after", issued.notAfter().toString(), "renew_at", next.toString())));
        });
    }

    private Uni<Void> failed(CertificateRepository.Due due, AccountAccess actor, String error) {
        long retry = config.retryAfterFailure().toSeconds();
        return certificates.storeFailure(due.domainId(), error, retry).chain(updated -> {
            if (!updated) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("certificate for %s (account %s) failed: %s", due.name(), due.slug(), error);
            return audit.record(actor, "certificate.fail", due.name(), Map.of(
                    "domain", due.name(), "error", error, "retry_after_seconds", retry));
        });
    }

    /**
     * The platform's ACME account key for the directory: loaded, or made and stored (the first replica's wins).
     * A stored key that no longer opens (platform.secrets.key was replaced without re-encryption, or the row was
     * restored from another installation) is replaced by a fresh one, with a warning: the account key is only the
     * platform's identity at the CA (issued certificates stay valid), and keeping an unreadable one would stop
     * every issuance and renewal for good.
     */
    private Uni<KeyPair> accountKey(String directory) {
        String aad = CertificateSealing.accountKey(directory);
        return Panache.withTransaction(() -> certificates.accountKey(directory).chain(found -> {
                    if (found == null) {
                        return certificates.insertAccountKey(directory, sealNew(aad)).chain(() -> certificates.accountKey(directory));
                    }
                    CachedKey cached = accountKey;
                    if (cached != null && cached.sealed().equals(found) || opens(aad, found)) {
                        return Uni.createFrom().item(found);
                    }
                    LOG.warnf("the stored ACME account key for %s does not open with platform.secrets.key; a new account key replaces it", directory);
                    return certificates.replaceAccountKey(directory, found, sealNew(aad)).chain(() -> certificates.accountKey(directory));
                }))
                .map(sealed -> {
                    CachedKey cached = accountKey;
                    if (cached != null && cached.sealed().equals(sealed)) {
                        return cached.key();
                    }
                    KeyPair key = readKeyPair(vault.openBound(aad, fromJson(sealed)));
                    accountKey = new CachedKey(sealed, key);
                    return key;
                });
    }

    private String sealNew(String aad) {
        return toJson(vault.sealBound(aad, writeKeyPair(AcmeIssuer.newAccountKey())));
    }

    private boolean opens(String aad, String sealed) {
        try {
            vault.openBound(aad, fromJson(sealed));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private List<X509Certificate> trusted() {
        return config.trustCertificate().map(path -> {
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                return factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(path))).stream()
                        .map(c -> (X509Certificate) c).toList();
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("platform.acme.trust-certificate " + path + " is not a readable PEM certificate file: " + e.getMessage(), e);
            }
        }).orElse(List.of());
    }

    /** The key pair as PEM: the private key (PKCS#8) then the public key (the JDK's encoding keeps no public key in the private one). */
    private static String writeKeyPair(KeyPair key) {
        return AcmeIssuer.pem(key.getPrivate(), key.getPublic());
    }

    private static KeyPair readKeyPair(String pem) {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(new StringReader(pem))) {
            org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            java.security.PrivateKey privateKey = converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject());
            java.security.PublicKey publicKey = converter.getPublicKey((org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) parser.readObject());
            return new KeyPair(publicKey, privateKey);
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw new IllegalStateException("the stored ACME account key is not a PEM private key and public key", e);
        }
    }

    private String toJson(SealedSecret sealed) {
        try {
            return json.writeValueAsString(sealed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SealedSecret fromJson(String sealed) {
        try {
            return json.readValue(sealed, SealedSecret.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sealed value is not JSON {nonce, ciphertext}", e);
        }
    }
}
