package io.edgeworks.bundle;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything an edge node needs to route one account's traffic, signed like a bundle (see
 * {@link ManifestCodec} for the bytes, {@link BundleSigner#sign(AccountManifest)} and
 * {@link BundleVerifier#verifyManifest}): it replaces the unsigned hostname and route tables.
 *
 * <p>{@code sequence} grows with every change of the manifest's content and never repeats for the
 * account (platform-api draws it from a PostgreSQL sequence, so a rolled-back publication or a Redis
 * data loss never makes it go back). An edge node applies a manifest only if its sequence is higher than
 * the one it applied for the account; the same sequence with the same bytes is a no-op; an older one, or
 * the same sequence with other bytes, is refused and counted.
 *
 * @param account      the account slug; every environment key starts with it
 * @param sequence     the manifest sequence (>= 1)
 * @param baseDomain   the platform base domain: generated hostnames are {@code <label>.<account>.<baseDomain>}
 * @param domains      the account's custom domains (sorted): a route is served only if its host is inside one
 * @param environments environment key to the digest of its signed bundle (deployed environments only)
 * @param hostnames    generated hostname to environment key
 * @param routes       custom routes (sorted by id)
 * @param certificates TLS certificates of custom domains, by domain name (each one of {@code domains}): the PEM
 *                     chain and the private key sealed with the bundle secret key under
 *                     {@link SecretContext#certificateKey} (account and domain name)
 * @param httpsRedirects custom domains (each one of {@code domains}, sorted) whose plain-HTTP requests the edge
 *                     answers with a redirect to HTTPS, while it holds a certificate for the name; the ACME and
 *                     domain-proof paths under {@code /.well-known/} stay on HTTP
 * @param crons        cron triggers: environment key (each one of {@code environments}) to its five-field cron
 *                     expressions ({@link CronSchedule}, sorted, distinct, at least one). The configuration of the
 *                     environment, not of a version: the deployed version's {@code scheduled()} runs on each tick.
 *                     An edge node parses each one and leaves out (with a warning) one it cannot parse.
 */
public record AccountManifest(String account, long sequence, String baseDomain, List<String> domains,
                              Map<String, String> environments, Map<String, String> hostnames, List<Route> routes,
                              Map<String, Certificate> certificates, List<String> httpsRedirects,
                              Map<String, List<String>> crons) {
    public static final int FORMAT = 1;
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /** A custom route: its id, pattern text and target environment key. */
    public record Route(String id, String pattern, String environment) {
        public Route {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(environment, "environment");
        }
    }

    /** A domain's certificate: the PEM chain (leaf first) and its PEM private key, sealed for edge nodes. */
    public record Certificate(String chainPem, SealedSecret key) {
        public Certificate {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(key, "key");
            if (!chainPem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("certificate chain must be PEM certificates");
            }
        }
    }

    /** A manifest without certificates. */
    public AccountManifest(String account, long sequence, String baseDomain, List<String> domains,
                           Map<String, String> environments, Map<String, String> hostnames, List<Route> routes) {
        this(account, sequence, baseDomain, domains, environments, hostnames, routes, Map.of());
    }

    /** A manifest without HTTPS redirects. */
    public AccountManifest(String account, long sequence, String baseDomain, List<String> domains,
                           Map<String, String> environments, Map<String, String> hostnames, List<Route> routes,
                           Map<String, Certificate> certificates) {
        this(account, sequence, baseDomain, domains, environments, hostnames, routes, certificates, List.of());
    }

    /** A manifest without cron triggers. */
    public AccountManifest(String account, long sequence, String baseDomain, List<String> domains,
                           Map<String, String> environments, Map<String, String> hostnames, List<Route> routes,
                           Map<String, Certificate> certificates, List<String> httpsRedirects) {
        this(account, sequence, baseDomain, domains, environments, hostnames, routes, certificates, httpsRedirects, Map.of());
    }

    public AccountManifest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(baseDomain, "baseDomain");
        if (account.isBlank() || account.contains("/")) {
            throw new IllegalArgumentException("account must be a slug, got '" + account + "'");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
        domains = Objects.requireNonNull(domains, "domains").stream().sorted().distinct().toList();
        environments = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(environments, "environments")));
        hostnames = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(hostnames, "hostnames")));
        routes = Objects.requireNonNull(routes, "routes").stream().sorted(java.util.Comparator.comparing(Route::id)).toList();
        certificates = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(certificates, "certificates")));
        httpsRedirects = Objects.requireNonNull(httpsRedirects, "httpsRedirects").stream().sorted().distinct().toList();
        for (String name : httpsRedirects) {
            if (!domains.contains(name)) {
                throw new IllegalArgumentException("HTTPS redirect for " + name + ", which is not one of the account's domains");
            }
        }
        TreeMap<String, List<String>> sortedCrons = new TreeMap<>();
        Objects.requireNonNull(crons, "crons").forEach((envKey, expressions) -> {
            List<String> list = Objects.requireNonNull(expressions, "crons of " + envKey).stream().sorted().distinct().toList();
            if (list.isEmpty()) {
                throw new IllegalArgumentException("crons of " + envKey + " are empty (leave the environment out instead)");
            }
            for (String expression : list) {
                if (expression == null || expression.isBlank() || expression.length() > CronSchedule.MAX_LENGTH) {
                    throw new IllegalArgumentException("crons of " + envKey + ": an expression must be 1 to "
                            + CronSchedule.MAX_LENGTH + " characters");
                }
            }
            sortedCrons.put(envKey, list);
        });
        crons = Collections.unmodifiableMap(sortedCrons);
        for (String name : certificates.keySet()) {
            if (!domains.contains(name)) {
                throw new IllegalArgumentException("certificate for " + name + ", which is not one of the account's domains");
            }
        }
        for (var e : environments.entrySet()) {
            if (!EnvironmentRef.parse(e.getKey()).account().equals(account)) {
                throw new IllegalArgumentException("environment " + e.getKey() + " is not of account " + account);
            }
            if (!DIGEST.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("environment " + e.getKey() + ": bundle digest must be 64 lower-case hex digits");
            }
        }
        for (var e : hostnames.entrySet()) {
            if (!environments.containsKey(e.getValue())) {
                throw new IllegalArgumentException("hostname " + e.getKey() + " points at " + e.getValue() + ", which is not deployed");
            }
        }
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            if (!environments.containsKey(route.environment())) {
                throw new IllegalArgumentException("route " + route.id() + " points at " + route.environment() + ", which is not deployed");
            }
            if (i > 0 && routes.get(i - 1).id().equals(route.id())) {
                throw new IllegalArgumentException("route " + route.id() + " appears twice");
            }
        }
        for (String envKey : crons.keySet()) {
            if (!environments.containsKey(envKey)) {
                throw new IllegalArgumentException("crons of " + envKey + ", which is not deployed");
            }
        }
    }

    /** This manifest with another sequence number (same content). */
    public AccountManifest withSequence(long newSequence) {
        return new AccountManifest(account, newSequence, baseDomain, domains, environments, hostnames, routes, certificates,
                httpsRedirects, crons);
    }

    /**
     * Whether a generated hostname belongs to this account: exactly one label under
     * {@code <account>.<baseDomain>}.
     */
    public boolean ownsHostname(String hostname) {
        String suffix = "." + account + "." + baseDomain;
        return hostname.endsWith(suffix) && hostname.length() > suffix.length()
                && hostname.substring(0, hostname.length() - suffix.length()).indexOf('.') < 0;
    }

    /** Whether every host the route pattern can match lies inside one of the account's domains. */
    public boolean ownsRoute(RoutePattern pattern) {
        return domains.stream().anyMatch(pattern::within);
    }
}
