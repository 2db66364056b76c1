package io.edgeworks.edge.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The certificates the TLS listener presents, chosen per handshake by the name the client asked for
 * (SNI). In order: a certificate of the custom domains (exact name, then a wildcard one label up), a
 * configured certificate that covers the name (the operator's, e.g. for the base domain), a certificate
 * the {@link DevIssuer} issues (development only), and without a match the first configured one.
 * Thread-safe; custom certificates are replaced as a whole when the node applies new state.
 */
public final class CertificateStore {
    private static final int MAX_ISSUED = 10_000;

    private final List<CertifiedKey> configured;
    private final DevIssuer issuer;
    private final AtomicLong aliases = new AtomicLong();
    private final Map<String, CertifiedKey> issued = new ConcurrentHashMap<>();
    /** Custom certificates by exact host name or {@code *.parent}. */
    private volatile Map<String, CertifiedKey> custom = Map.of();
    /** Every key a handshake may have chosen by alias: this generation's and the previous one's. */
    private volatile Map<String, CertifiedKey> byAlias;
    private volatile Map<String, CertifiedKey> previous = Map.of();

    /** @param issuer the development issuer, or null */
    public CertificateStore(List<CertifiedKey> configured, DevIssuer issuer) {
        this.configured = List.copyOf(configured);
        this.issuer = issuer;
        this.byAlias = index(this.configured, Map.of());
    }

    /** A fresh alias for a key this store will hold. */
    public String newAlias(String kind) {
        return kind + "-" + aliases.incrementAndGet();
    }

    /** Replaces the custom-domain certificates: {@code byName} maps a host name or {@code *.parent} to its key. */
    public synchronized void replaceCustom(Map<String, CertifiedKey> byName) {
        Map<String, CertifiedKey> lower = new HashMap<>();
        byName.forEach((name, key) -> lower.put(name.toLowerCase(Locale.ROOT), key));
        previous = byAlias;
        byAlias = index(configured, lower);
        custom = Map.copyOf(lower);
    }

    /** How many custom certificates are held. */
    public int customCount() {
        return custom.size();
    }

    /** The key to present for {@code host} (null: no SNI) in a handshake that can use {@code keyType}; null if none. */
    public CertifiedKey choose(String host, String keyType) {
        if (host != null) {
            String name = host.toLowerCase(Locale.ROOT);
            CertifiedKey key = custom.get(name);
            if (key == null) {
                int dot = name.indexOf('.');
                key = dot > 0 ? custom.get("*" + name.substring(dot)) : null;
            }
            if (key != null && key.suits(keyType)) {
                return key;
            }
            for (CertifiedKey candidate : configured) {
                if (candidate.covers(name) && candidate.suits(keyType)) {
                    return candidate;
                }
            }
            CertifiedKey minted = issued(name);
            if (minted != null && minted.suits(keyType)) {
                return minted;
            }
        }
        for (CertifiedKey candidate : configured) {
            if (candidate.suits(keyType)) {
                return candidate;
            }
        }
        return null;
    }

    /** The key a handshake chose by {@code alias}, or null when it is gone. */
    public CertifiedKey byAlias(String alias) {
        CertifiedKey key = byAlias.get(alias);
        if (key == null) {
            key = issued.values().stream().filter(k -> k.alias().equals(alias)).findFirst().orElse(null);
        }
        return key != null ? key : previous.get(alias);
    }

    /** Every alias the store can present now. */
    public String[] aliases() {
        return byAlias.keySet().toArray(String[]::new);
    }

    private CertifiedKey issued(String host) {
        String wildcard = issuer == null ? null : issuer.wildcardFor(host);
        if (wildcard == null) {
            return null;
        }
        CertifiedKey key = issued.get(wildcard);
        if (key == null && issued.size() < MAX_ISSUED) {
            key = issued.computeIfAbsent(wildcard, w -> issuer.issue(newAlias("dev"), w));
        }
        return key;
    }

    private static Map<String, CertifiedKey> index(List<CertifiedKey> configured, Map<String, CertifiedKey> custom) {
        Map<String, CertifiedKey> out = new HashMap<>();
        configured.forEach(k -> out.put(k.alias(), k));
        custom.values().forEach(k -> out.put(k.alias(), k));
        return Map.copyOf(out);
    }
}
