package io.edgeworks.api.environment;

import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.SecretVault;

import java.util.UUID;

/** One environment the caller may act on, resolved from the URL: account access plus ids and names. */
public record EnvironmentTarget(AccountAccess access, UUID serviceId, String service, UUID id, String name,
                                String hostname, int latestVersion) {

    /** {@code account/service/environment}, as the audit log and bundles name it. */
    public String key() {
        return access.slug() + "/" + service + "/" + name;
    }

    /** The ids this environment's secrets are sealed to at rest. */
    public SecretVault.Place secretPlace() {
        return new SecretVault.Place(access.accountId(), serviceId, id);
    }
}
