package io.edgeworks.edge.tls;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import org.jboss.logging.Logger;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The custom domains' certificates of the applied manifests, for {@link CertificateStore#replaceCustom}: each key
 * opened with the bundle secret key under {@link SecretContext#certificateKey} (the manifest's account and the
 * domain), so a key copied into another account's manifest does not open. A certificate is taken only for a name
 * that is one of its manifest's domains and that its leaf covers; anything else (a key that does not open, a
 * chain that does not parse, an expired leaf) is left out and logged, and the name falls back as without one.
 */
public final class ManifestCertificates {
    private static final Logger LOG = Logger.getLogger(ManifestCertificates.class);

    private ManifestCertificates() {
    }

    /** @param sealer the bundle secret key; null: no certificates (none can be opened) */
    public static Map<String, CertifiedKey> open(Collection<AccountManifest> manifests, SecretSealer sealer, CertificateStore store) {
        Map<String, CertifiedKey> byName = new HashMap<>();
        for (AccountManifest manifest : manifests) {
            manifest.certificates().forEach((name, certificate) -> {
                if (sealer == null) {
                    LOG.warnf("certificate of %s (account %s) not used: no bundle secret key (edge.bundle-secret-key)", name, manifest.account());
                    return;
                }
                if (!manifest.domains().contains(name)) {
                    LOG.errorf("certificate of %s not used: not a domain of account %s", name, manifest.account());
                    return;
                }
                try {
                    String keyPem = sealer.open(certificate.key(), SecretContext.certificateKey(manifest.account(), name));
                    X509Certificate[] chain = PemFiles.certificates(certificate.chainPem());
                    PrivateKey key = PemFiles.privateKey(keyPem);
                    CertifiedKey certified = CertifiedKey.of(store.newAlias("custom"), chain, key);
                    if (!certified.covers(name)) {
                        LOG.errorf("certificate of %s (account %s) not used: its leaf names %s", name, manifest.account(), certified.names());
                        return;
                    }
                    if (certified.notAfter().isBefore(java.time.Instant.now())) {
                        LOG.warnf("certificate of %s (account %s) not used: expired at %s", name, manifest.account(), certified.notAfter());
                        return;
                    }
                    byName.put(name, certified);
                } catch (RuntimeException e) {
                    LOG.errorf("certificate of %s (account %s) not used: %s", name, manifest.account(), e.getMessage());
                }
            });
        }
        return byName;
    }
}
