package io.edgeworks.api.publish;

import io.edgeworks.testsupport.RedisSentinelGroup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PublishTestProfile} with Redis behind Sentinel: a {@link RedisSentinelGroup} of the test's own (primary,
 * replica, three Sentinels on free ports), and every Redis client of the API (default and {@code kv}) configured as
 * production would be in Sentinel mode: client type sentinel, the Sentinels as hosts, the master set's name.
 */
public class SentinelTestProfile implements QuarkusTestProfile {
    static RedisSentinelGroup group;

    @Override
    public Map<String, String> getConfigOverrides() {
        return new PublishTestProfile().getConfigOverrides();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Servers.class));
    }

    public static class Servers implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            group = RedisSentinelGroup.start();
            Map<String, String> config = new HashMap<>();
            // what deploy/lib/apps.sh hands platform-api in Sentinel mode (PLATFORM_REDIS_URL/_CLIENT_TYPE/_MASTER_NAME);
            // the kv client follows these through application.properties
            config.put("quarkus.redis.hosts", group.sentinelUrls());
            config.put("quarkus.redis.client-type", "sentinel");
            config.put("quarkus.redis.master-name", RedisSentinelGroup.MASTER);
            return config;
        }

        @Override
        public void stop() {
            if (group != null) {
                group.close();
                group = null;
            }
        }
    }
}
