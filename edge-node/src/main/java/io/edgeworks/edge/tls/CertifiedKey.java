package io.edgeworks.edge.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain (leaf first) with its private key, and the DNS names the leaf covers.
 *
 * @param alias the name the key manager hands to the TLS engine for this key (unique in a store)
 */
public record CertifiedKey(String alias, X509Certificate[] chain, PrivateKey key, List<String> names) {

    public CertifiedKey {
        if (chain.length == 0) {
            throw new IllegalArgumentException("a certificate chain needs its leaf");
        }
        chain = chain.clone();
        names = List.copyOf(names);
    }

    /** The key of {@code chain}'s leaf, covering the leaf's DNS subject alternative names. */
    public static CertifiedKey of(String alias, X509Certificate[] chain, PrivateKey key) {
        return new CertifiedKey(alias, chain, key, dnsNames(chain[0]));
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    public Instant notAfter() {
        return chain[0].getNotAfter().toInstant();
    }

    /** Whether the leaf names {@code host} exactly, or with a wildcard for its first label only (RFC 6125). */
    public boolean covers(String host) {
        for (String name : names) {
            if (name.equals(host)) {
                return true;
            }
            if (name.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(name.substring(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether this key can sign a handshake that asks for {@code keyType} (JSSE names: RSA, RSASSA-PSS, EC, EdDSA…). */
    boolean suits(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType == null || keyType.equalsIgnoreCase(algorithm)
                || ("RSASSA-PSS".equalsIgnoreCase(keyType) && "RSA".equalsIgnoreCase(algorithm))
                || ("EC".equalsIgnoreCase(keyType) && "ECDSA".equalsIgnoreCase(algorithm))
                || ("EdDSA".equalsIgnoreCase(keyType) && algorithm.startsWith("Ed"));
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> entry : leaf.getSubjectAlternativeNames()) {
                    if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0))) { // dNSName
                        names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names: " + e.getMessage(), e);
        }
        return names;
    }
}
