package io.edgeworks.api.quota;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Low limits, so that each quota is reached within a few requests (every test uses its own user and account). */
public class QuotaTestProfile implements QuarkusTestProfile {
    static final int API_REQUESTS_PER_MINUTE = 60;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("platform.quotas.accounts-per-user", "2"),
                Map.entry("platform.quotas.services-per-account", "2"),
                Map.entry("platform.quotas.environments-per-service", "3"),
                Map.entry("platform.quotas.versions-per-environment", "3"),
                Map.entry("platform.quotas.rollback-deployments", "2"),
                Map.entry("platform.quotas.deploys-per-minute", "5"),
                Map.entry("platform.quotas.api-requests-per-minute", Integer.toString(API_REQUESTS_PER_MINUTE)),
                Map.entry("platform.quotas.kv-namespaces-per-account", "2"),
                Map.entry("platform.quotas.kv-keys-per-namespace", "3"),
                Map.entry("platform.quotas.domains-per-account", "2"),
                Map.entry("platform.quotas.routes-per-account", "2"),
                Map.entry("platform.quotas.tokens-per-account", "2"),
                Map.entry("platform.quotas.slug-cooldown", "1h"),
                Map.entry("platform.limits.kv-value-bytes", "16"));
    }
}
