package io.edgeworks.bundle;

import java.util.Objects;
import java.util.UUID;

/**
 * The associated data (AES-GCM AAD) secret values are sealed under, in one place, so that a sealed value
 * opens only where it was sealed for.
 * <ul>
 *   <li>{@link #bundle}: in bundles, with the bundle secret key: {@code "<account>/<service>/<environment>:<version number>:<NAME>"},
 *       e.g. {@code "acme/hello/production:3:API_KEY"}. platform-api seals, edge nodes open.</li>
 *   <li>{@link #atRest}: in platform-api's database, with the at-rest key:
 *       {@code "edgeworks-secret/v2:<account id>/<service id>/<environment id>:<NAME>"} (the row ids, which
 *       renames do not change), so a value copied into another account's, service's or environment's row
 *       does not open.</li>
 *   <li>{@link #certificateKey}: a custom domain's certificate key in an account manifest, with the bundle
 *       secret key: {@code "certificate-key:<account>:<domain>"}, so a key copied into another account's
 *       manifest or under another domain does not open.</li>
 *   <li>{@link #legacyAtRest}: what rows written before that rule used: the bare {@code NAME}. Only read to
 *       re-encrypt them (platform-api does this at start-up).</li>
 * </ul>
 */
public final class SecretContext {
    public static final String AT_REST_PREFIX = "edgeworks-secret/v2:";

    private SecretContext() {
    }

    public static String bundle(EnvironmentRef environment, int versionNumber, String name) {
        return environment.key() + ":" + versionNumber + ":" + Objects.requireNonNull(name, "name");
    }

    public static String atRest(UUID account, UUID service, UUID environment, String name) {
        return AT_REST_PREFIX + Objects.requireNonNull(account, "account") + "/" + Objects.requireNonNull(service, "service")
                + "/" + Objects.requireNonNull(environment, "environment") + ":" + Objects.requireNonNull(name, "name");
    }

    public static String certificateKey(String account, String domain) {
        return "certificate-key:" + Objects.requireNonNull(account, "account") + ":" + Objects.requireNonNull(domain, "domain");
    }

    public static String legacyAtRest(String name) {
        return Objects.requireNonNull(name, "name");
    }
}
