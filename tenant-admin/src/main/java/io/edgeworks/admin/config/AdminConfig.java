package io.edgeworks.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the portal. Each entry can be overridden by an environment variable of the
 * same name in upper snake case (e.g. {@code ADMIN_API_URL}).
 */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /** Base URL of platform-api; the REST client and the error messages use it. */
    @WithDefault("http://127.0.0.1:8080")
    String apiUrl();

    /** OIDC issuer (Keycloak realm) the portal signs people in with. */
    @WithDefault("http://127.0.0.1:8180/realms/platform")
    String oidcUrl();

    /** Client id of the portal's confidential client in the realm. */
    @WithDefault("tenant-admin")
    String oidcClientId();

    /** Secret of the portal's confidential client. */
    @WithDefault("tenant-admin-secret")
    String oidcSecret();

    /** Link to an environment's hostname on the edge; {@code {hostname}} is replaced. */
    @WithDefault("http://{hostname}:8081/")
    String edgeLink();

    /** How many entries a version history or audit page shows. */
    @WithDefault("50")
    int pageSize();
}
