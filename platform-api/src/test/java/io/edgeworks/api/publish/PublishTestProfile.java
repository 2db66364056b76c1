package io.edgeworks.api.publish;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The publication tests' configuration: their own redis-server ({@link TestRedisServer}), short relay
 * intervals so recovery is visible within a test, and explicit keys (the development keys). The
 * database is the test database of application.properties ({@code platform_test}, override with
 * PLATFORM_DB_REACTIVE_URL / PLATFORM_DB_JDBC_URL).
 */
public class PublishTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "platform.publish.relay-enabled", "true",
                "platform.publish.poll-interval", "200ms",
                "platform.publish.epoch-check-interval", "300ms",
                "platform.publish.retry-backoff", "50ms",
                "platform.publish.max-retry-backoff", "400ms",
                // three slices (10, 10, 5) between the tests' own publications: PublishWarmUpTest
                "platform.publish.warm-up-publications", "25",
                "platform.publish.signing-key", PublishKeys.DEV_SIGNING_PRIVATE_KEY,
                "platform.publish.bundle-secret-key", PublishKeys.DEV_BUNDLE_SECRET_KEY);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestRedisServer.class));
    }
}
